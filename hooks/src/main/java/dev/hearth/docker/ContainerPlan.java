package dev.hearth.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What converging one deployment (or the cross-deployment cleanup) takes: removals first, then the
 * start_order groups in ascending order, then renames.
 */
public record ContainerPlan(String deploymentId, DeploymentKey key, List<PlanAction> actions, List<Drift> drift) {

    public ContainerPlan {
        actions = List.copyOf(actions);
        drift = List.copyOf(drift);
    }

    public List<PlanAction.Remove> removals() {
        return actions.stream()
                .filter(a -> a instanceof PlanAction.Remove)
                .map(a -> (PlanAction.Remove) a)
                .toList();
    }

    public List<PlanAction.Rename> renames() {
        return actions.stream()
                .filter(a -> a instanceof PlanAction.Rename)
                .map(a -> (PlanAction.Rename) a)
                .toList();
    }

    /** Actions on the deployment's containers by start_order, ascending; each group keeps config order. */
    public Map<Integer, List<PlanAction>> groups() {
        Map<Integer, List<PlanAction>> groups = new TreeMap<>();
        for (PlanAction a : actions) {
            if (a instanceof PlanAction.Remove || a instanceof PlanAction.Rename) continue;
            groups.computeIfAbsent(a.startOrder(), k -> new ArrayList<>()).add(a);
        }
        return groups;
    }

    /** True when nothing would change (keeps only; execs always run, so they count as changes). */
    public boolean isNoOp() {
        return actions.stream().allMatch(a -> a instanceof PlanAction.Keep);
    }

    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        removals().forEach(a -> lines.add(a.describe()));
        groups().forEach((order, list) -> list.forEach(a -> lines.add(a.describe() + " [start_order " + order + "]")));
        renames().forEach(a -> lines.add(a.describe()));
        drift.forEach(d -> lines.add(d.toString()));
        return lines;
    }
}
