package dev.hearth.agent;

import dev.hearth.deploy.DeploymentStore;
import dev.hearth.deploy.MetadataDocument;
import dev.hearth.deploy.Pipeline;
import dev.hearth.docker.DockerCmdHook;
import dev.hearth.docker.EngineContainer;
import dev.hearth.hook.Deployment;
import dev.hearth.metrics.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the managed containers now and then (on the pipeline's worker, between passes): publishes
 * them by state ({@code hearth_containers}) and reports drift of the containers of deployments already
 * applied; with {@code docker.repair_drift} the docker-cmd hook puts them back.
 */
final class DriftWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DriftWatch.class);

    private final DockerCmdHook docker;
    private final Pipeline pipeline;
    private final DeploymentStore store;
    private final Duration interval;
    private final MultiGauge containers;
    private Thread thread;

    DriftWatch(
            DockerCmdHook docker, Pipeline pipeline, DeploymentStore store, MeterRegistry meters, Duration interval) {
        this.docker = docker;
        this.pipeline = pipeline;
        this.store = store;
        this.interval = interval;
        this.containers = MultiGauge.builder(Meters.CONTAINERS)
                .description("Managed containers by state")
                .register(meters);
    }

    void start() {
        thread = Thread.ofVirtual().name("hearth-drift").start(() -> {
            try {
                while (true) {
                    Thread.sleep(interval);
                    if (BuiltinHooks.usesDocker(store)) pipeline.submit(this::check);
                }
            } catch (InterruptedException e) {
                // closing
            }
        });
    }

    void check() {
        try {
            List<EngineContainer> all = docker.engine().listManaged();
            Map<String, Integer> byState = new TreeMap<>();
            all.forEach(c -> byState.merge(c.state() == null ? "unknown" : c.state(), 1, Integer::sum));
            containers.register(
                    byState.entrySet().stream()
                            .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey()), e.getValue()))
                            .toList(),
                    true);
            MetadataDocument doc = pipeline.lastProcessed();
            if (doc == null) return;
            List<Deployment> applied =
                    doc.deployments().stream().filter(d -> store.hasRun(d.id())).toList();
            DockerCmdHook.DriftReport report = docker.checkDrift(applied, System.getenv());
            if (!report.drift().isEmpty()) {
                log.warn(
                        "{} managed container(s) drifted; {} repaired",
                        report.drift().size(),
                        report.repairs().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("drift check skipped: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (thread != null) thread.interrupt();
    }
}
