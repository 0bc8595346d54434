package dev.hearth.signal;

import dev.hearth.config.AgentConfig;
import dev.hearth.deploy.SignalStatus;
import dev.hearth.metrics.Meters;
import dev.hearth.metrics.ResultCounters;
import dev.hearth.net.ControlPlaneClients;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.secret.Secrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox's ready envelopes, each on its own virtual thread, until the control plane
 * answers 2xx (then the envelope is deleted) or {@code signals.deadline} has passed since it became
 * ready (then it is given up). Failed attempts are retried after an exponential backoff with jitter
 * from {@code signals.initial_backoff} up to {@code signals.max_backoff}; attempts and the next attempt
 * time are persisted in the envelope, so a restarted agent goes on where it stopped. Permanent
 * failures ("signal URL expired") are given up at once. Every state change goes to the
 * {@link SignalListener}; {@link Meters#SIGNALS} counts attempt outcomes by transport and result and
 * {@link Meters#SIGNAL_OUTBOX_SIZE} gauges the outbox.
 */
public final class Signaler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Signaler.class);
    static final Duration IDLE_CHECK = Duration.ofSeconds(1);

    private final SignalOutbox outbox;
    private final Map<String, SignalTransport> transports = new HashMap<>();
    private final AgentConfig.Signals settings;
    private final Clock clock;
    private final SignalListener listener;
    private final MeterRegistry registry;
    private final Set<String> inflight = ConcurrentHashMap.newKeySet();
    private final Set<Thread> deliveries = ConcurrentHashMap.newKeySet();
    /** Envelopes whose outbox update failed (e.g. disk full): not tried again before this time. */
    private final Map<String, Instant> held = new ConcurrentHashMap<>();

    private final Object monitor = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread loop;

    public Signaler(
            SignalOutbox outbox,
            List<SignalTransport> transports,
            AgentConfig.Signals settings,
            Clock clock,
            SignalListener listener,
            MeterRegistry registry) {
        this.outbox = outbox;
        for (SignalTransport t : transports) this.transports.put(t.name(), t);
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.registry = registry;
        ResultCounters.registerSignals(registry, this.transports.keySet());
        Gauge.builder(Meters.SIGNAL_OUTBOX_SIZE, outbox, SignalOutbox::size)
                .description("Signals persisted and not yet delivered or given up")
                .register(registry);
    }

    /** The four transports of Heat, sharing one client, with heat-config-notify's size limit. */
    public static List<SignalTransport> transports(ControlPlaneHttp http, AgentConfig.Signals settings, Clock clock) {
        return transports(ControlPlaneClients.sharing(http), settings, clock);
    }

    /** The four transports of Heat, each through its service's client (and so its CA). */
    public static List<SignalTransport> transports(
            ControlPlaneClients clients, AgentConfig.Signals settings, Clock clock) {
        PayloadTrimmer trimmer = new PayloadTrimmer();
        return List.of(
                new CfnSignalTransport(clients.cfn(), settings.timeout(), clock, settings.cfnUrlTtl(), trimmer),
                new TempUrlSignalTransport(clients.request(), settings.timeout(), trimmer),
                new HeatSignalTransport(clients.heat(), settings.timeout(), clock, trimmer),
                new ZaqarSignalTransport(clients.zaqar(), settings.timeout(), clock, trimmer));
    }

    /** Starts delivering in the background (a virtual thread). */
    public synchronized void start() {
        if (running) return;
        running = true;
        loop = Thread.ofVirtual().name("hearth-signaler").start(this::run);
    }

    /** Something became ready: look now rather than at the next scheduled check. */
    public void wake() {
        synchronized (monitor) {
            woken = true;
            monitor.notifyAll();
        }
    }

    /**
     * Stops: no new attempts; attempts in flight get a moment to finish, then are interrupted (their
     * envelopes stay ready on disk and are retried after a restart).
     */
    @Override
    public void close() {
        Thread l;
        synchronized (this) {
            running = false;
            l = loop;
            loop = null;
        }
        wake();
        try {
            if (l != null) l.join(Duration.ofSeconds(5));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            for (Thread t : List.copyOf(deliveries)) {
                long left = end - System.nanoTime();
                if (left > 0) t.join(Duration.ofNanos(left));
                if (t.isAlive()) t.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * For one-shot runs: delivers everything ready, retrying with the usual backoff, for at most
     * {@code maxWait}. Works whether or not {@link #start()} was called.
     *
     * @return the envelopes still pending (armed or ready) afterwards
     */
    public List<SignalEnvelope> drain(Duration maxWait) throws InterruptedException {
        return drain(id -> true, maxWait);
    }

    /**
     * As {@link #drain(Duration)}, for the envelopes of the deployments {@code only} accepts: other
     * envelopes in the outbox (earlier runs, a signal that keeps failing) neither delay nor block it.
     *
     * @return the envelopes of those deployments still pending (armed or ready) afterwards
     */
    public List<SignalEnvelope> drain(java.util.function.Predicate<String> only, Duration maxWait)
            throws InterruptedException {
        long end = System.nanoTime() + maxWait.toNanos();
        while (true) {
            List<SignalEnvelope> ready = outbox.ready().stream()
                    .filter(e -> only.test(e.deploymentId()))
                    .toList();
            if (ready.isEmpty()) break;
            Instant now = clock.instant();
            Instant nextDue = null;
            List<Thread> launched = new ArrayList<>();
            for (SignalEnvelope e : ready) {
                Instant due = due(e, now);
                if (due.isAfter(now)) {
                    nextDue = nextDue == null || due.isBefore(nextDue) ? due : nextDue;
                } else {
                    Thread t = launch(e);
                    if (t != null) launched.add(t);
                }
            }
            for (Thread t : launched) {
                long left = end - System.nanoTime();
                if (left <= 0) break;
                t.join(Duration.ofNanos(left));
            }
            long left = end - System.nanoTime();
            if (left <= 0) break;
            if (launched.isEmpty()) {
                long waitNanos = nextDue == null
                        ? TimeUnit.MILLISECONDS.toNanos(20)
                        : Math.max(
                                TimeUnit.MILLISECONDS.toNanos(1),
                                Duration.between(now, nextDue).toNanos());
                TimeUnit.NANOSECONDS.sleep(Math.min(waitNanos, left));
            }
        }
        return outbox.all().stream().filter(e -> only.test(e.deploymentId())).toList();
    }

    private void run() {
        while (running) {
            Instant now = clock.instant();
            Instant nextDue = null;
            for (SignalEnvelope e : outbox.ready()) {
                if (inflight.contains(e.deploymentId())) continue;
                Instant due = due(e, now);
                if (due.isAfter(now)) nextDue = nextDue == null || due.isBefore(nextDue) ? due : nextDue;
                else launch(e);
            }
            long waitMs = IDLE_CHECK.toMillis();
            if (nextDue != null)
                waitMs = Math.clamp(Duration.between(now, nextDue).toMillis(), 1, waitMs);
            synchronized (monitor) {
                try {
                    if (!woken && running) monitor.wait(waitMs);
                } catch (InterruptedException e) {
                    return;
                }
                woken = false;
            }
        }
    }

    private Instant due(SignalEnvelope e, Instant now) {
        Instant due = e.nextAttemptAt() == null ? now : e.nextAttemptAt();
        Instant hold = held.get(e.deploymentId());
        return hold != null && hold.isAfter(due) ? hold : due;
    }

    /** Starts one attempt on a virtual thread, unless one is already in flight for that deployment. */
    private Thread launch(SignalEnvelope e) {
        if (!inflight.add(e.deploymentId())) return null;
        Thread t = Thread.ofVirtual().name("hearth-signal-" + e.deploymentId()).unstarted(() -> {
            try {
                attempt(e);
            } catch (InterruptedException ie) {
                LOG.debug("signal of {} interrupted", e.deploymentId());
            } catch (IOException | RuntimeException ex) {
                held.put(e.deploymentId(), clock.instant().plus(settings.maxBackoff()));
                LOG.error(
                        "signal of {}: cannot update the outbox: {}",
                        e.deploymentId(),
                        Secrets.maskPatterns(ex.toString()));
            } finally {
                inflight.remove(e.deploymentId());
                deliveries.remove(Thread.currentThread());
                wake();
            }
        });
        deliveries.add(t);
        t.start();
        return t;
    }

    private void attempt(SignalEnvelope e) throws InterruptedException, IOException {
        String id = e.deploymentId();
        // The envelope may have changed (discarded, completed again) since it was listed.
        SignalEnvelope current = outbox.get(id).orElse(null);
        if (current == null || current.state() != SignalState.READY) return;
        e = current;
        Instant deadline = e.readyAt().plus(settings.deadline());
        int attempts = e.attempts() + 1;
        SignalTransport transport = transports.get(e.transport());
        if (transport == null) {
            giveUp(e, "no transport " + e.transport(), e.attempts(), "given_up");
            return;
        }
        if (clock.instant().isAfter(deadline)) {
            giveUp(
                    e,
                    "not delivered within " + settings.deadline() + (e.lastError() == null ? "" : ": " + e.lastError()),
                    e.attempts(),
                    "given_up");
            return;
        }
        held.remove(id);
        try {
            try {
                transport.send(e);
            } catch (RuntimeException ex) {
                throw new SignalException(ex.getClass().getSimpleName() + ": " + ex.getMessage(), false);
            }
        } catch (SignalException ex) {
            String error = mask(e, ex.getMessage());
            if (ex.permanent()) {
                giveUp(e, error, attempts, ex.result());
                return;
            }
            Instant now = clock.instant();
            Instant next = now.plus(backoff(attempts));
            if (next.isAfter(deadline)) {
                giveUp(e, "not delivered within " + settings.deadline() + ": " + error, attempts, "given_up");
                return;
            }
            if (outbox.recordFailure(id, error, next).isEmpty()) return;
            count(e.transport(), "failed");
            if (attempts == 1) LOG.warn("signal of {} ({}) failed, will retry: {}", id, e.transport(), error);
            else
                LOG.info(
                        "signal of {} ({}) failed {} times, next attempt at {}: {}",
                        id,
                        e.transport(),
                        attempts,
                        next,
                        error);
            listener.onSignalStatus(id, new SignalStatus(e.transport(), SignalStatus.PENDING, attempts, error, null));
            return;
        }
        outbox.delivered(id);
        count(e.transport(), "delivered");
        LOG.info("signal of {} ({}) delivered after {} attempt(s)", id, e.transport(), attempts);
        listener.onSignalStatus(
                id, new SignalStatus(e.transport(), SignalStatus.DELIVERED, attempts, null, clock.instant()));
    }

    private void giveUp(SignalEnvelope e, String reason, int attempts, String result) throws IOException {
        if (outbox.giveUp(e.deploymentId(), reason, attempts).isEmpty()) return;
        count(e.transport(), result);
        LOG.error(
                "signal of {} ({}) given up after {} attempt(s): {}",
                e.deploymentId(),
                e.transport(),
                attempts,
                reason);
        listener.onSignalStatus(
                e.deploymentId(), new SignalStatus(e.transport(), SignalStatus.GIVEN_UP, attempts, reason, null));
    }

    /** The text with the envelope's password, any URL signature and any token masked. */
    private static String mask(SignalEnvelope e, String text) {
        Secrets known = e.param("deploy_password").map(Secrets::of).orElseGet(Secrets::none);
        return known.mask(text == null ? "" : text);
    }

    /** initial × 2^(attempts-1), capped at max, then a random point in its upper half. */
    Duration backoff(int attempts) {
        long initial = Math.max(1, settings.initialBackoff().toMillis());
        long max = Math.max(initial, settings.maxBackoff().toMillis());
        long base = initial;
        for (int i = 1; i < attempts && base < max; i++) base = Math.min(max, base * 2);
        long half = base / 2;
        return Duration.ofMillis(base - half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private void count(String transport, String result) {
        Counter.builder(Meters.SIGNALS)
                .tag("transport", transport)
                .tag("result", result)
                .description("Signal attempt outcomes")
                .register(registry)
                .increment();
    }
}
