package dev.hearth.docker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** Counts finished actions under {@value DockerMeters#ACTIONS}, tagged by kind and outcome. */
final class ActionMetrics {
    private final MeterRegistry meters;

    ActionMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(ActionResult r) {
        Counter.builder(DockerMeters.ACTIONS)
                .description("docker-cmd container actions")
                .tag("action", r.kind().name().toLowerCase(Locale.ROOT))
                .tag("outcome", r.ok() ? "ok" : "failed")
                .register(meters)
                .increment();
    }
}
