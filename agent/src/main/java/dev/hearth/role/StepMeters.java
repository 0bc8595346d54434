package dev.hearth.role;

import static dev.hearth.metrics.Meters.STEPS;
import static dev.hearth.metrics.Meters.STEP_DURATION;

import dev.hearth.deploy.DeploymentQueries;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Role steps as metrics, from every pass the pipeline makes (daemon, {@code hearth apply},
 * {@code hearth deploy}): deployments named {@code ROLE/PHASE/HOOK} ({@code PHASE} is {@code pre} or
 * {@code step_1}..{@code step_5}, as {@code hearth deploy} names them and as a control plane may) that
 * ran in a pass make that step count once as started and once as succeeded or failed, and its time
 * (first start to last finish) is recorded.
 */
public final class StepMeters implements Consumer<List<Outcome>> {
    private static final Pattern NAME = Pattern.compile("([^/]+)/(pre|step_[1-5])/[^/]+");

    public record Step(String role, String phase) {}

    private final MeterRegistry meters;
    private final DeploymentQueries store;

    public StepMeters(MeterRegistry meters, DeploymentQueries store) {
        this.meters = meters;
        this.store = store;
    }

    public static Optional<Step> stepOf(String deploymentName) {
        Matcher m = deploymentName == null ? null : NAME.matcher(deploymentName);
        return m != null && m.matches() ? Optional.of(new Step(m.group(1), m.group(2))) : Optional.empty();
    }

    @Override
    public void accept(List<Outcome> outcomes) {
        Map<Step, List<Outcome>> ran = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (!o.ran()) continue;
            stepOf(o.name())
                    .ifPresent(
                            s -> ran.computeIfAbsent(s, k -> new ArrayList<>()).add(o));
        }
        ran.forEach((step, list) -> {
            boolean failed = list.stream().anyMatch(Outcome::failed);
            meters.counter(STEPS, "role", step.role(), "step", step.phase(), "result", "started")
                    .increment();
            meters.counter(STEPS, "role", step.role(), "step", step.phase(), "result", failed ? "failed" : "succeeded")
                    .increment();
            Instant first = null;
            Instant last = null;
            for (Outcome o : list) {
                DeploymentRecord r = store.get(o.id()).orElse(null);
                if (r == null || r.startedAt() == null || r.finishedAt() == null) continue;
                if (first == null || r.startedAt().isBefore(first)) first = r.startedAt();
                if (last == null || r.finishedAt().isAfter(last)) last = r.finishedAt();
            }
            Duration took = first == null ? Duration.ZERO : Duration.between(first, last);
            Timer.builder(STEP_DURATION)
                    .tag("role", step.role())
                    .tag("step", step.phase())
                    .register(meters)
                    .record(took);
        });
    }
}
