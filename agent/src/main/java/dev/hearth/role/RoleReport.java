package dev.hearth.role;

import dev.hearth.deploy.Outcome;
import java.time.Duration;
import java.util.List;

/**
 * What a role deployment did, phase by phase (the summary table and {@code --json}).
 *
 * @param removed containers removed because their step or service left the role
 * @param unacted the role's outputs no phase acted on, with the reason
 */
public record RoleReport(
        String role,
        boolean bootstrap,
        List<Phase> phases,
        List<String> removed,
        List<UnactedOutput> unacted,
        Duration elapsed) {
    public RoleReport {
        phases = List.copyOf(phases);
        removed = List.copyOf(removed);
        unacted = List.copyOf(unacted);
    }

    /** {@code ran}: something ran and succeeded; {@code unchanged}: nothing had to run; {@code failed}; {@code not_run}. */
    public enum Result {
        RAN,
        UNCHANGED,
        FAILED,
        NOT_RUN
    }

    /**
     * One phase of a role run.
     *
     * @param changes what the hooks report per deployment (container actions, volume checksums), one line each
     */
    public record Phase(
            String phase,
            Result result,
            Duration duration,
            List<Outcome> deployments,
            List<String> changes,
            String error) {
        public Phase {
            deployments = List.copyOf(deployments);
            changes = List.copyOf(changes);
        }
    }

    public boolean succeeded() {
        return phases.stream().noneMatch(p -> p.result() == Result.FAILED);
    }

    /** Deployments that ran (a no-change re-run has none). */
    public long ran() {
        return phases.stream()
                .flatMap(p -> p.deployments().stream())
                .filter(Outcome::ran)
                .count();
    }
}
