package dev.hearth.agent;

import dev.hearth.collect.MetadataCollection;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import dev.hearth.deploy.SourceReport;
import dev.hearth.metrics.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The daemon: the runtime, the poll loop, the signal delivery loop and the HTTP server, with the
 * lifecycle an operator expects. SIGTERM stops taking work, lets the running hook finish up to
 * {@link #SHUTDOWN_GRACE}, persists the outbox and exits 0; SIGHUP reloads agent.yaml (collectors,
 * polling) without losing queued work.
 */
public final class Agent {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    /** How long SIGTERM waits for a running hook (systemd's TimeoutStopSec is longer). */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);
    /** How often managed containers are counted and checked for drift. */
    static final Duration DRIFT_INTERVAL = Duration.ofSeconds(60);

    private final Supplier<AgentConfig> reload;
    private final AgentRuntime runtime;
    private final MeterRegistry meters;
    private final AtomicReference<AgentConfig> config;
    private final AtomicReference<MetadataCollection> collection = new AtomicReference<>();
    private final AtomicLong lastSuccessfulPoll = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PollLoop pollLoop;
    private final HttpSurface http;
    private final DriftWatch driftWatch;

    public Agent(AgentConfig initial, Supplier<AgentConfig> reload, AgentRuntime runtime, HttpSurface http) {
        this.reload = reload;
        this.runtime = runtime;
        this.meters = runtime.meters();
        this.config = new AtomicReference<>(initial);
        this.http = http;
        collection.set(MetadataCollection.fromConfig(initial, meters, Clock.systemUTC()));
        Gauge.builder(Meters.LAST_SUCCESSFUL_POLL, lastSuccessfulPoll, AtomicLong::get)
                .description("Unix time of the last poll where a collector answered").baseUnit("seconds").register(meters);
        this.driftWatch = new DriftWatch(BuiltinHooks.docker(runtime.hooks()), runtime.pipeline(), runtime.store(),
                meters, DRIFT_INTERVAL);
        this.pollLoop = new PollLoop(() -> () -> poll(), runtime.pipeline(), () -> config.get().polling());
    }

    private Optional<List<SourceReport>> poll() throws InterruptedException {
        MetadataCollection.Result result = collection.get().collect();
        result.failures().forEach((name, error) -> log.warn("collector {} unavailable: {}", name, error));
        if (!result.anyAnswered()) return Optional.empty();
        lastSuccessfulPoll.set(System.currentTimeMillis() / 1000);
        // Each collector is a source of its own: the node's view is their union, not the merged document.
        return Optional.of(result.results().stream().map(r -> switch (r.outcome()) {
            case CHANGED, UNCHANGED -> SourceReport.answered(r.collector(), r.document());
            case NOT_CONFIGURED -> SourceReport.nothing(r.collector());
            case UNAVAILABLE -> SourceReport.failed(r.collector());
        }).toList());
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
        log.info("hearth agent started: state {}, collectors {}, http {}", config.get().stateDir(),
                config.get().collectors(), http.describe());
        stopped.await();
        return 0;
    }

    private void installSignalHandlers() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> Thread.ofPlatform().start(this::stop));
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> Thread.ofPlatform().start(this::stop));
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> Thread.ofPlatform().start(this::reloadConfig));
        } catch (IllegalArgumentException e) {
            log.warn("cannot install signal handlers: {}", e.getMessage());
        }
    }

    /** SIGHUP: new collectors and polling from agent.yaml; queued and running work is untouched. */
    void reloadConfig() {
        try {
            AgentConfig fresh = reload.get();
            if (!fresh.stateDir().equals(config.get().stateDir())) {
                log.warn("SIGHUP: state_dir changed in the configuration; that takes a restart, keeping {}",
                        config.get().stateDir());
            }
            collection.set(MetadataCollection.fromConfig(fresh, meters, Clock.systemUTC()));
            config.set(fresh);
            runtime.pipeline().collectors(fresh.collectors());
            log.info("SIGHUP: configuration reloaded; collectors {}", fresh.collectors());
            pollLoop.wake();
        } catch (ConfigException e) {
            log.error("SIGHUP: configuration not reloaded, keeping the running one: {}", e.getMessage());
        }
    }

    /** SIGTERM: stop taking work, let the running hook finish (bounded), persist, exit. */
    public void stop() {
        log.info("stopping: no new work; waiting up to {} s for a running hook", SHUTDOWN_GRACE.toSeconds());
        try {
            pollLoop.close();
            driftWatch.close();
            http.stop();
            runtime.pipeline().shutdown(SHUTDOWN_GRACE.toMillis());
            runtime.signals().close();
            log.info("stopped; {} signal(s) pending in the outbox", runtime.signals().pending());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }
}
