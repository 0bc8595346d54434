package dev.hearth.deploy;

import static dev.hearth.metrics.Meters.DEPLOYMENTS;
import static dev.hearth.metrics.Meters.DEPLOYMENT_DURATION;
import static dev.hearth.metrics.Meters.HOOK_DURATION;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.DeploymentSecrets;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the deployments of a metadata document in order, one at a time: each new id through its hook,
 * with its marker written before the hook starts and its signal persisted before it is sent.
 */
public final class DeploymentRunner {
    private static final Logger log = LoggerFactory.getLogger(DeploymentRunner.class);
    /** What the status API keeps of a hook's output. */
    static final int TAIL_CHARS = 4000;

    private final DeploymentStore store;
    private final SignalQueue signals;
    private final HookResolver resolver;
    private final HookContexts contexts;
    private final MeterRegistry meters;
    private final Clock clock;
    private final StateHealth health;

    public DeploymentRunner(
            DeploymentStore store,
            SignalQueue signals,
            HookResolver resolver,
            HookContexts contexts,
            MeterRegistry meters,
            Clock clock) {
        this(store, signals, resolver, contexts, meters, clock, new StateHealth(meters));
    }

    public DeploymentRunner(
            DeploymentStore store,
            SignalQueue signals,
            HookResolver resolver,
            HookContexts contexts,
            MeterRegistry meters,
            Clock clock,
            StateHealth health) {
        this.health = health;
        this.store = store;
        this.signals = signals;
        this.resolver = resolver;
        this.contexts = contexts;
        this.meters = meters;
        this.clock = clock;
    }

    /** Whether {@code d} would run if processed now (new id, not data). */
    public boolean wouldRun(Deployment d) {
        if (store.hasRun(d.id())) return false;
        HookResolver.Resolution r = resolver.resolve(d);
        return r instanceof HookResolver.Run || r instanceof HookResolver.NoHook;
    }

    public Outcome run(Deployment d, String source) throws InterruptedException {
        if (store.hasRun(d.id())) {
            return new Outcome(
                    d.id(),
                    d.name(),
                    d.group(),
                    false,
                    store.get(d.id()).map(DeploymentRecord::state).orElse(null),
                    0,
                    "already deployed");
        }
        HookResolver.Resolution resolution = resolver.resolve(d);
        return switch (resolution) {
            case HookResolver.Data data -> new Outcome(d.id(), d.name(), d.group(), false, null, 0, "data only");
            case HookResolver.Skip skip -> {
                log.warn("skipping deployment {} ({}): {}", d.name(), d.id(), skip.reason());
                store.unqueue(d.id());
                yield new Outcome(d.id(), d.name(), d.group(), false, null, 0, skip.reason());
            }
            case HookResolver.NoHook noHook -> failWithoutHook(noHook.deployment(), source, noHook.reason());
            case HookResolver.Run run -> runHook(run, source);
        };
    }

    /** A deployment from polled metadata that cannot be parsed: marked and signalled failed, once. */
    public Outcome failInvalid(Deployment stub, String reason, String source) throws InterruptedException {
        if (store.hasRun(stub.id())) {
            return new Outcome(stub.id(), stub.name(), stub.group(), false, null, 0, "already deployed");
        }
        return failWithoutHook(stub, source, "invalid deployment: " + reason);
    }

    private Outcome failWithoutHook(Deployment d, String source, String reason) throws InterruptedException {
        Instant now = clock.instant();
        boolean signalled = signals.arm(d);
        DeploymentRecord rec = newRecord(d, source, now, signalled).started(now);
        store.save(rec);
        log.error("deployment {} ({}) failed: {}", d.name(), d.id(), reason);
        return finish(
                d,
                MaskedResponse.of(HookResponse.failure(reason), DeploymentSecrets.of(d)),
                signalled,
                Duration.ZERO,
                now,
                GroupLabel.OTHER);
    }

    private Outcome runHook(HookResolver.Run run, String source) throws InterruptedException {
        Deployment d = run.deployment();
        Instant start = clock.instant();
        boolean signalled = signals.arm(d);
        DeploymentRecord rec = newRecord(d, source, start, signalled).started(start);
        store.save(rec);
        log.info("deployment {} ({}) group {} started", d.name(), d.id(), d.group());
        HookResponse response;
        HookContext context = contexts.forGroup(d.group());
        HookOutputLog output = contexts.showsProgress() ? null : HookOutputLog.of(d);
        if (output != null) context = context.withProgress(output::line);
        long t0 = System.nanoTime();
        try {
            response = run.hook().run(d, context);
        } catch (InterruptedException e) {
            // Shutdown while the hook ran: the marker stays RUNNING and recovery signals it after restart.
            throw e;
        } catch (RuntimeException e) {
            // The exception's message may quote an input (the JDK quotes what it refuses): the log gets
            // it masked like the response, with the stack trace but without the original message.
            String crash = DeploymentSecrets.of(d).mask(e.toString());
            RuntimeException logged = new RuntimeException(crash);
            logged.setStackTrace(e.getStackTrace());
            log.error("hook {} crashed on deployment {} ({})", d.group(), d.name(), d.id(), logged);
            response = HookResponse.failure("hook " + d.group() + " crashed: " + e);
        }
        Duration hookTime = Duration.ofNanos(System.nanoTime() - t0);
        MaskedResponse masked = MaskedResponse.of(response, DeploymentSecrets.of(d));
        if (output != null) output.finished(masked);
        String label = GroupLabel.of(run.hook());
        Timer.builder(HOOK_DURATION).tag("group", label).register(meters).record(hookTime);
        return finish(d, masked, signalled, hookTime, start, label);
    }

    /**
     * Records what the hook did, from its response masked at the hook boundary. It happened: the
     * signal and the marker are written until they can be (a full disk blocks the worker here, not the
     * truth of the marker, which status shows at once).
     */
    private Outcome finish(
            Deployment d, MaskedResponse masked, boolean signalled, Duration hookTime, Instant start, String groupLabel)
            throws InterruptedException {
        ObjectNode payload = masked.payload();
        int code = masked.statusCode();
        DeploymentState state = code == 0 ? DeploymentState.SUCCEEDED : DeploymentState.FAILED;
        Instant end = clock.instant();
        String reason = code == 0 ? null : firstLine(masked.stderr());
        String stdoutTail = tail(masked.stdout());
        String stderrTail = tail(masked.stderr());
        // The signal may already have been delivered: keep the marker's current signal state.
        store.amend(d.id(), current -> current.finished(state, end, code, reason, stdoutTail, stderrTail));
        if (signalled) health.untilWritten("signal of deployment " + d.id(), () -> signals.complete(d.id(), payload));
        health.untilWritten("marker of deployment " + d.id(), () -> store.update(d.id(), current -> current));
        String result = state.wire();
        meters.counter(DEPLOYMENTS, "group", groupLabel, "result", result).increment();
        Timer.builder(DEPLOYMENT_DURATION)
                .tag("group", groupLabel)
                .tag("result", result)
                .register(meters)
                .record(Duration.between(start, end));
        if (code == 0) {
            log.info("deployment {} ({}) succeeded in {} ms", d.name(), d.id(), hookTime.toMillis());
        } else {
            log.warn("deployment {} ({}) failed with status {}: {}", d.name(), d.id(), code, reason);
        }
        if (signalled) signals.wake();
        return new Outcome(d.id(), d.name(), d.group(), true, state, code, reason);
    }

    private DeploymentRecord newRecord(Deployment d, String source, Instant now, boolean signalled) {
        String transport = d.signalTransport();
        return new DeploymentRecord(
                d.id(),
                d.name(),
                d.group(),
                d.deployAction(),
                source,
                DeploymentState.QUEUED,
                store.get(d.id()).map(DeploymentRecord::queuedAt).orElse(now),
                null,
                null,
                null,
                null,
                null,
                null,
                signalled ? SignalStatus.pending(transport) : SignalStatus.none(transport));
    }

    static String tail(String s) {
        if (s == null || s.length() <= TAIL_CHARS) return s;
        return "..." + s.substring(s.length() - TAIL_CHARS);
    }

    private static String firstLine(String s) {
        if (s == null) return null;
        String trimmed = s.strip();
        if (trimmed.isEmpty()) return "non-zero status";
        int nl = trimmed.lastIndexOf('\n');
        // The last line of stderr is usually the error; keep it short for the table.
        String line = nl >= 0 ? trimmed.substring(nl + 1) : trimmed;
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    public DeploymentStore store() {
        return store;
    }

    /** Deletes a marker (used by recovery for groups that are safe to re-run). */
    void forget(String id) throws IOException {
        store.delete(id);
    }
}
