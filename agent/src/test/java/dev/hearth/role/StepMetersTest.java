package dev.hearth.role;

import static dev.hearth.metrics.Meters.STEPS;
import static dev.hearth.metrics.Meters.STEP_DURATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.deploy.DeploymentQueries;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentState;
import dev.hearth.deploy.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepMetersTest {
    @Test
    void eachStepThatRanInAPassCountsOnceWithItsResult() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeploymentQueries none = new DeploymentQueries() {
            @Override
            public List<DeploymentRecord> list() {
                return List.of();
            }

            @Override
            public Optional<DeploymentRecord> get(String id) {
                return Optional.empty();
            }
        };
        StepMeters steps = new StepMeters(meters, none);
        steps.accept(List.of(
                new Outcome("1", "demo/step_2/puppet", "puppet", true, DeploymentState.SUCCEEDED, 0, null),
                new Outcome("2", "demo/step_2/docker-cmd", "docker-cmd", true, DeploymentState.FAILED, 1, "x"),
                new Outcome("3", "demo/step_3/docker-cmd", "docker-cmd", false, null, 0, "already deployed"),
                new Outcome("4", "demo/pre/json-file", "json-file", true, DeploymentState.SUCCEEDED, 0, null),
                new Outcome("5", "10-hello", "script", true, DeploymentState.SUCCEEDED, 0, null)));
        assertThat(meters.counter(STEPS, "role", "demo", "step", "step_2", "result", "started")
                        .count())
                .isEqualTo(1);
        assertThat(meters.counter(STEPS, "role", "demo", "step", "step_2", "result", "failed")
                        .count())
                .isEqualTo(1);
        assertThat(meters.counter(STEPS, "role", "demo", "step", "pre", "result", "succeeded")
                        .count())
                .isEqualTo(1);
        assertThat(meters.find(STEPS).tag("step", "step_3").counters()).isEmpty();
        assertThat(meters.find(STEP_DURATION).timers()).hasSize(2);
        assertThat(StepMeters.stepOf("10-hello")).isEmpty();
    }
}
