package dev.hearth.role.step;

import java.util.ArrayList;
import java.util.List;

/**
 * Which steps of which task kind run on this node (docs/roles.md#update-and-upgrade-tasks):
 * <ul>
 *   <li>{@link Kind#UPDATE}: {@code update_tasks}, steps 0–5 (minor update, one node at a time);</li>
 *   <li>{@link Kind#UPGRADE}: {@code upgrade_tasks}, steps 0–5;</li>
 *   <li>{@link Kind#FAST_FORWARD}: {@code fast_forward_upgrade_tasks}, prep steps 1–3 on every node,
 *       steps 4–9 only on the role's bootstrap node (elsewhere a no-op that says why); a release is required;</li>
 *   <li>{@link Kind#POST_UPDATE}, {@link Kind#POST_UPGRADE}: {@code post_update_tasks} after an update,
 *       {@code post_upgrade_tasks} after an upgrade, steps 0–3 (TripleO's four post steps).</li>
 * </ul>
 * {@code release} (the target release, may be null for update/upgrade) is handed to the tasks as var {@code release}.
 */
public record UpgradePlan(Kind kind, String release, boolean bootstrapNode, List<PlannedStep> steps) {

    public enum Kind {
        UPDATE("update_tasks"),
        UPGRADE("upgrade_tasks"),
        FAST_FORWARD("fast_forward_upgrade_tasks"),
        POST_UPDATE("post_update_tasks"),
        POST_UPGRADE("post_upgrade_tasks");

        private final String roleDataKey;

        Kind(String roleDataKey) {
            this.roleDataKey = roleDataKey;
        }

        /** The role_data key holding the tasks, also the name used in state files and reports. */
        public String roleDataKey() {
            return roleDataKey;
        }
    }

    /** One step of the plan: it runs, or it is a no-op on this node for {@code skipReason}. */
    public record PlannedStep(int number, boolean runs, String skipReason) {
        public static PlannedStep running(int number) {
            return new PlannedStep(number, true, null);
        }
    }

    public static final int FFU_LAST_PREP_STEP = 3;
    public static final int FFU_LAST_STEP = 9;
    public static final int LAST_STEP = 5;
    public static final int LAST_POST_STEP = 3;

    public UpgradePlan {
        steps = List.copyOf(steps);
        if (kind == Kind.FAST_FORWARD && (release == null || release.isBlank())) {
            throw new IllegalArgumentException("a fast-forward upgrade needs the target release");
        }
    }

    public static UpgradePlan update(boolean bootstrapNode) {
        return new UpgradePlan(Kind.UPDATE, null, bootstrapNode, range(0, LAST_STEP));
    }

    public static UpgradePlan upgrade(String release, boolean bootstrapNode) {
        return new UpgradePlan(Kind.UPGRADE, release, bootstrapNode, range(0, LAST_STEP));
    }

    public static UpgradePlan postUpdate(boolean bootstrapNode) {
        return new UpgradePlan(Kind.POST_UPDATE, null, bootstrapNode, range(0, LAST_POST_STEP));
    }

    public static UpgradePlan postUpgrade(String release, boolean bootstrapNode) {
        return new UpgradePlan(Kind.POST_UPGRADE, release, bootstrapNode, range(0, LAST_POST_STEP));
    }

    public static UpgradePlan fastForward(String release, boolean bootstrapNode) {
        List<PlannedStep> steps = new ArrayList<>(range(1, FFU_LAST_PREP_STEP));
        for (int n = FFU_LAST_PREP_STEP + 1; n <= FFU_LAST_STEP; n++) {
            steps.add(
                    bootstrapNode
                            ? PlannedStep.running(n)
                            : new PlannedStep(
                                    n,
                                    false,
                                    "fast_forward_upgrade_tasks steps " + (FFU_LAST_PREP_STEP + 1) + "-" + FFU_LAST_STEP
                                            + " run only on the role's bootstrap node, and this node is not it"));
        }
        return new UpgradePlan(Kind.FAST_FORWARD, release, bootstrapNode, steps);
    }

    public int firstStep() {
        return steps.getFirst().number();
    }

    public int lastStep() {
        return steps.getLast().number();
    }

    private static List<PlannedStep> range(int first, int last) {
        List<PlannedStep> steps = new ArrayList<>();
        for (int n = first; n <= last; n++) steps.add(PlannedStep.running(n));
        return steps;
    }
}
