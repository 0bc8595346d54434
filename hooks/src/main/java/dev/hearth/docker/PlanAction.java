package dev.hearth.docker;

import java.util.Set;

/** One decision of the planner. */
public sealed interface PlanAction {

    /** The container name in the deployment ({@code container_name} label). */
    String container();

    /** What {@code hearth plan} prints for this action. */
    String describe();

    /** start_order of the spec, or -1 for actions outside the groups (removals, renames). */
    default int startOrder() {
        return -1;
    }

    /** Create a missing container. {@code nameTaken}: the wanted name is used by another container. */
    record Create(ContainerSpec spec, boolean nameTaken) implements PlanAction {
        @Override
        public String container() {
            return spec.name();
        }

        @Override
        public int startOrder() {
            return spec.startOrder();
        }

        @Override
        public String describe() {
            return "create " + spec.name() + (nameTaken ? " (name taken: a suffixed name, renamed later)" : "");
        }
    }

    /** Stop and remove {@code existing}, then create the container again. */
    record Replace(
            ContainerSpec spec, EngineContainer existing, String reason, Set<String> differingKeys, boolean nameTaken)
            implements PlanAction {
        public Replace {
            differingKeys = Set.copyOf(differingKeys);
        }

        @Override
        public String container() {
            return spec.name();
        }

        @Override
        public int startOrder() {
            return spec.startOrder();
        }

        @Override
        public String describe() {
            return "replace " + spec.name() + " (" + reason + ")";
        }
    }

    /** Leave {@code existing} as it is ({@code note}: adopted, stopped, ...). */
    record Keep(ContainerSpec spec, EngineContainer existing, String note) implements PlanAction {
        @Override
        public String container() {
            return spec.name();
        }

        @Override
        public int startOrder() {
            return spec.startOrder();
        }

        @Override
        public String describe() {
            return "keep " + spec.name() + (note == null ? "" : " (" + note + ")");
        }
    }

    /** Start a stopped service container (drift repair). */
    record Start(ContainerSpec spec, EngineContainer existing) implements PlanAction {
        @Override
        public String container() {
            return spec.name();
        }

        @Override
        public int startOrder() {
            return spec.startOrder();
        }

        @Override
        public String describe() {
            return "start " + spec.name() + " (stopped outside Hearth)";
        }
    }

    /** Run an {@code action: exec} in its target; always runs. */
    record Exec(ContainerSpec spec) implements PlanAction {
        @Override
        public String container() {
            return spec.name();
        }

        @Override
        public int startOrder() {
            return spec.startOrder();
        }

        @Override
        public String describe() {
            return "exec " + spec.name() + " in " + spec.execTarget().orElse("?");
        }
    }

    /** Stop and remove a container that is no longer wanted. */
    record Remove(EngineContainer existing, String reason) implements PlanAction {
        @Override
        public String container() {
            String n = existing.label(Labels.CONTAINER_NAME);
            return n == null ? existing.name() : n;
        }

        @Override
        public String describe() {
            return "remove " + existing.name() + " (" + reason + ")";
        }
    }

    /** Give a suffixed container its wanted name back. */
    record Rename(EngineContainer existing, String newName) implements PlanAction {
        @Override
        public String container() {
            return newName;
        }

        @Override
        public String describe() {
            return "rename " + existing.name() + " to " + newName;
        }
    }
}
