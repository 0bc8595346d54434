package dev.hearth.agent;

import dev.hearth.collect.MetadataCollection;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import dev.hearth.deploy.SourceReport;
import dev.hearth.metrics.BuildInfo;
import dev.hearth.metrics.ResultCounters;
import dev.hearth.systemd.ServiceManager;
import dev.hearth.systemd.Watchdog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: the runtime, the poll loop, the signal delivery loop and the HTTP server, with the
 * lifecycle an operator expects. SIGTERM stops taking work, lets the running hook finish up to
 * {@link #SHUTDOWN_GRACE}, persists the outbox and exits 0; SIGHUP reloads agent.yaml (collectors,
 * polling, logging) without losing queued work. systemd hears of each (sd_notify).
 */
public final class Agent {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    /** How long SIGTERM waits for a running hook. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);
    /**
     * The longest {@link #stop()} takes: the grace, the worker's exit (5 s), the signal deliveries'
     * (7 s), the listener's. The unit's TimeoutStopSec is longer, so systemd never kills a clean stop.
     */
    public static final Duration STOP_BOUND = SHUTDOWN_GRACE.plusSeconds(20);
    /** A deployment's hook may run for hooks.timeout; the watchdog allows that and this much more. */
    static final Duration WATCHDOG_WORK_MARGIN = Duration.ofMinutes(5);
    /** How often managed containers are counted and checked for drift. */
    static final Duration DRIFT_INTERVAL = Duration.ofSeconds(60);

    private final Supplier<AgentConfig> reload;
    private final AgentRuntime runtime;
    private final MeterRegistry meters;
    private final AtomicReference<AgentConfig> config;
    private final AtomicReference<MetadataCollection> collection = new AtomicReference<>();
    private final LastPollGauge lastPoll;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PollLoop pollLoop;
    private final HttpSurface http;
    private final DriftWatch driftWatch;
    private final ServiceManager systemd;
    private final Consumer<AgentConfig> relog;
    private Watchdog watchdog;

    public Agent(
            AgentConfig initial,
            Supplier<AgentConfig> reload,
            AgentRuntime runtime,
            HttpSurface http,
            ServiceManager systemd,
            Consumer<AgentConfig> relog) {
        this.reload = reload;
        this.systemd = systemd;
        this.relog = relog;
        this.runtime = runtime;
        this.meters = runtime.meters();
        this.config = new AtomicReference<>(initial);
        this.http = http;
        collection.set(MetadataCollection.fromConfig(initial, meters, Clock.systemUTC()));
        this.lastPoll = new LastPollGauge(meters, Clock.systemUTC());
        lastPoll.collectors(!initial.collectors().isEmpty());
        BuildInfo.register(meters);
        ResultCounters.registerDeployments(meters, runtime.hooks().all().keySet());
        this.driftWatch = new DriftWatch(
                BuiltinHooks.docker(runtime.hooks()), runtime.pipeline(), runtime.store(), meters, DRIFT_INTERVAL);
        this.pollLoop = new PollLoop(
                () -> () -> poll(), runtime.pipeline(), () -> config.get().polling());
    }

    private Optional<List<SourceReport>> poll() throws InterruptedException {
        MetadataCollection.Result result = collection.get().collect();
        result.failures().forEach((name, error) -> log.warn("collector {} unavailable: {}", name, error));
        if (!result.anyAnswered()) return Optional.empty();
        lastPoll.answered();
        // Each collector is a source of its own: the node's view is their union, not the merged document.
        return Optional.of(result.results().stream()
                .map(r -> switch (r.outcome()) {
                    case CHANGED, UNCHANGED -> SourceReport.answered(r.collector(), r.document());
                    case NOT_CONFIGURED -> SourceReport.nothing(r.collector());
                    case UNAVAILABLE -> SourceReport.failed(r.collector());
                })
                .toList());
    }

    /** Starts everything and blocks until SIGTERM (or {@link #stop()}). */
    public int run() throws Exception {
        runtime.recoveryReport().forEach(line -> log.warn("recovered: {}", line));
        runtime.signals().start();
        runtime.pipeline().start();
        http.start();
        // Started even with no collectors: a SIGHUP may add some, and an empty poll costs nothing.
        if (config.get().collectors().isEmpty()) log.info("no collectors configured: waiting for pushed metadata");
        pollLoop.start();
        driftWatch.start();
        installSignalHandlers();
        log.info(
                "hearth agent started: state {}, collectors {}, http {}",
                config.get().stateDir(),
                config.get().collectors(),
                http.describe());
        systemd.ready(readyStatus(config.get()));
        startWatchdog();
        stopped.await();
        return 0;
    }

    /** Pings while the pipeline turns: idle within a few turns, busy within one hook's timeout and a margin. */
    private void startWatchdog() {
        systemd.watchdog().ifPresent(timeout -> {
            Duration idle = timeout.dividedBy(2).plus(Duration.ofSeconds(5));
            watchdog = new Watchdog(
                    systemd,
                    timeout,
                    () -> runtime.pipeline()
                            .turning(idle, config.get().hooks().timeout().plus(WATCHDOG_WORK_MARGIN)));
            watchdog.start();
            log.info(
                    "systemd watchdog: pinging every {} s while the pipeline turns",
                    timeout.dividedBy(2).toSeconds());
        });
    }

    private String readyStatus(AgentConfig c) {
        return c.collectors().isEmpty()
                ? "waiting for pushed metadata on " + http.describe()
                : "polling " + String.join(", ", c.collectors()) + "; push on " + http.describe();
    }

    private void installSignalHandlers() {
        try {
            ProcessSignals.handle("TERM", () -> Thread.ofPlatform().start(this::stop));
            ProcessSignals.handle("INT", () -> Thread.ofPlatform().start(this::stop));
            ProcessSignals.handle("HUP", () -> Thread.ofPlatform().start(this::reloadConfig));
        } catch (IllegalArgumentException e) {
            log.warn("cannot install signal handlers: {}", e.getMessage());
        }
    }

    /** SIGHUP: new collectors, polling and logging from agent.yaml; queued and running work is untouched. */
    void reloadConfig() {
        systemd.reloading();
        try {
            AgentConfig fresh = reload.get();
            relog.accept(fresh);
            if (!fresh.stateDir().equals(config.get().stateDir())) {
                log.warn(
                        "SIGHUP: state_dir changed in the configuration; that takes a restart, keeping {}",
                        config.get().stateDir());
            }
            collection.set(MetadataCollection.fromConfig(fresh, meters, Clock.systemUTC()));
            config.set(fresh);
            runtime.pipeline().collectors(fresh.collectors());
            lastPoll.collectors(!fresh.collectors().isEmpty());
            log.info("SIGHUP: configuration reloaded; collectors {}", fresh.collectors());
            pollLoop.wake();
        } catch (ConfigException e) {
            log.error("SIGHUP: configuration not reloaded, keeping the running one: {}", e.getMessage());
        } finally {
            systemd.ready(readyStatus(config.get()));
        }
    }

    /** SIGTERM: stop taking work, let the running hook finish (bounded), persist, exit. */
    public void stop() {
        log.info("stopping: no new work; waiting up to {} s for a running hook", SHUTDOWN_GRACE.toSeconds());
        systemd.stopping();
        try {
            if (watchdog != null) watchdog.close();
            pollLoop.close();
            driftWatch.close();
            http.stop();
            runtime.pipeline().shutdown(SHUTDOWN_GRACE.toMillis());
            runtime.signals().close();
            log.info(
                    "stopped; {} signal(s) pending in the outbox",
                    runtime.signals().pending());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }
}
