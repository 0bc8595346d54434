package dev.hearth.role;

import dev.hearth.hook.Deployment;
import java.util.List;

/**
 * One unit of a role deployment: {@code pre} (kolla configs, hiera, config volumes) or a step
 * (host puppet, containers, bootstrap tasks), as the synthetic deployments that run it.
 *
 * @param step 0 for pre, else 1..5
 */
public record RolePhase(int step, List<Deployment> deployments) {
    public RolePhase {
        deployments = List.copyOf(deployments);
    }

    public String label() {
        return label(step);
    }

    public static String label(int step) {
        return step == 0 ? "pre" : "step_" + step;
    }
}
