package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, without touching anything, what converging a deployment takes: desired specs and the
 * Engine's snapshot in, a {@link ContainerPlan} out (docs/containers.md#reconcile, without paunch's
 * defects: structural comparison, image-id check, failed one-shots re-run, no name conflicts).
 */
public final class Planner {
    private final String managedBy;

    public Planner(String managedBy) {
        this.managedBy = managedBy;
    }

    /**
     * What the Planner knows besides specs and containers.
     *
     * @param imageIds         local image id by image reference as given in specs; absent = not present locally
     * @param legacyDifferences for containers made by the Python hook without a config_data label: their
     *                          differing keys as worked out from an inspect (empty set = identical)
     * @param repairDrift      start stopped service containers
     * @param alreadyApplied   the deployment was applied before: anything not kept is drift
     */
    public record Inputs(
            Map<String, String> imageIds,
            Map<String, Set<String>> legacyDifferences,
            boolean repairDrift,
            boolean alreadyApplied) {
        public Inputs {
            imageIds = Map.copyOf(imageIds);
            legacyDifferences = Map.copyOf(legacyDifferences);
        }

        public static Inputs of(Map<String, String> imageIds) {
            return new Inputs(imageIds, Map.of(), false, false);
        }
    }

    /** Converge one deployment: its containers, nothing of other deployment resources. */
    public ContainerPlan plan(
            String deploymentId, DeploymentKey key, DockerConfig desired, List<EngineContainer> snapshot, Inputs in) {
        List<PlanAction> actions = new ArrayList<>();
        List<Drift> drift = new ArrayList<>();
        Set<String> released = new HashSet<>(); // names freed by removals/replacements in this plan
        Set<String> claimed = new HashSet<>(); // wanted names this plan creates under
        Set<String> handled = new HashSet<>(); // container ids decided on

        // Removals: our containers of this resource that are no longer wanted, and duplicates.
        for (EngineContainer c : snapshot) {
            if (!belongsTo(c, key)) continue;
            String name = c.label(Labels.CONTAINER_NAME);
            ContainerSpec spec = name == null ? null : desired.containers().get(name);
            if (spec == null || spec.isExec()) {
                actions.add(new PlanAction.Remove(c, "no longer in the deployment"));
                released.add(c.name());
                handled.add(c.id());
            }
        }

        for (ContainerSpec spec : desired.containers().values()) {
            if (spec.isExec()) {
                actions.add(new PlanAction.Exec(spec));
                continue;
            }
            List<EngineContainer> own = snapshot.stream()
                    .filter(c -> !handled.contains(c.id())
                            && belongsTo(c, key)
                            && isOwn(c)
                            && spec.name().equals(c.label(Labels.CONTAINER_NAME)))
                    .sorted(PREFERRED)
                    .toList();
            // Python-hook containers of this resource always count; paunch's only when there is no own one.
            List<EngineContainer> legacy = snapshot.stream()
                    .filter(c -> !handled.contains(c.id())
                            && isLegacyFor(c, key, spec.name())
                            && (own.isEmpty() || c.key() != null))
                    .sorted(PREFERRED)
                    .toList();
            List<EngineContainer> candidates = new ArrayList<>(own);
            candidates.addAll(legacy);
            for (int i = 1; i < candidates.size(); i++) {
                actions.add(new PlanAction.Remove(candidates.get(i), "duplicate of " + spec.name()));
                released.add(candidates.get(i).name());
                handled.add(candidates.get(i).id());
            }
            if (candidates.isEmpty()) {
                boolean taken = nameTaken(spec.name(), snapshot, released, claimed);
                if (!taken) claimed.add(spec.name());
                actions.add(new PlanAction.Create(spec, taken));
                if (in.alreadyApplied()) drift.add(new Drift(key, spec.name(), Drift.Kind.REMOVED, "missing"));
                continue;
            }
            EngineContainer existing = candidates.getFirst();
            handled.add(existing.id());
            String adoptedFrom = isOwn(existing) ? null : existing.label(Labels.MANAGED_BY);
            Optional<String> replaceReason = Optional.empty();
            Set<String> diff = Set.of();
            String configData = existing.label(Labels.CONFIG_DATA);
            if (adoptedFrom != null && (configData == null || configData.isBlank())) {
                diff = in.legacyDifferences().getOrDefault(existing.id(), Set.of("config_data"));
            } else {
                Optional<JsonNode> old = ConfigData.read(configData);
                diff = old.isEmpty() ? Set.of("config_data") : ConfigData.differingKeys(spec.config(), old.get());
            }
            if (!diff.isEmpty()) {
                replaceReason = Optional.of(
                        diff.equals(Set.of("config_data"))
                                ? "no readable config_data label"
                                : "changed: " + String.join(", ", new TreeSet<>(diff)));
            } else {
                String localId = in.imageIds().get(spec.image());
                if (localId != null && existing.imageId() != null && !localId.equals(existing.imageId())) {
                    replaceReason = Optional.of("image id changed");
                    diff = Set.of("image id");
                } else if (existing.neverStarted()) {
                    replaceReason = Optional.of("created but never started");
                } else if (existing.state().equals("dead")) {
                    replaceReason = Optional.of("dead");
                } else if (spec.isOneShot() && !existing.isRunning()) {
                    Optional<Integer> code = existing.exitCode();
                    if (code.isPresent() && !spec.exitCodes().contains(code.get())) {
                        replaceReason = Optional.of("previous run failed with exit code " + code.get());
                    }
                }
            }
            if (adoptedFrom != null && replaceReason.isPresent()) {
                replaceReason = Optional.of(replaceReason.get() + "; was managed by " + adoptedFrom);
            }
            if (replaceReason.isPresent()) {
                released.add(existing.name());
                boolean taken = nameTaken(spec.name(), snapshot, released, claimed);
                if (!taken) claimed.add(spec.name());
                actions.add(new PlanAction.Replace(spec, existing, replaceReason.get(), diff, taken));
                if (in.alreadyApplied()) {
                    drift.add(new Drift(key, spec.name(), Drift.Kind.CHANGED, replaceReason.get()));
                }
                continue;
            }
            if (!spec.isOneShot() && !existing.isRunning() && !existing.state().equals("paused")) {
                String detail = existing.exitCode().map(c -> "exited with " + c).orElse(existing.state());
                drift.add(new Drift(key, spec.name(), Drift.Kind.STOPPED, detail));
                if (in.repairDrift()) {
                    actions.add(new PlanAction.Start(spec, existing));
                } else {
                    actions.add(new PlanAction.Keep(spec, existing, "stopped: " + detail));
                }
                continue;
            }
            actions.add(new PlanAction.Keep(
                    spec, existing, adoptedFrom == null ? null : "adopted from managed_by=" + adoptedFrom));
        }

        // Renames: kept containers of this resource that carry a suffix, when the wanted name is free.
        for (PlanAction a : List.copyOf(actions)) {
            EngineContainer c = switch (a) {
                case PlanAction.Keep k -> isOwn(k.existing()) ? k.existing() : null;
                case PlanAction.Start s -> isOwn(s.existing()) ? s.existing() : null;
                default -> null;
            };
            if (c == null || c.name().equals(a.container())) continue;
            if (!nameTaken(a.container(), snapshot, released, claimed)) {
                claimed.add(a.container());
                actions.add(new PlanAction.Rename(c, a.container()));
            }
        }
        return new ContainerPlan(deploymentId, key, actions, drift);
    }

    /** DELETE of a deployment resource: remove all its containers. */
    public ContainerPlan planDelete(String deploymentId, DeploymentKey key, List<EngineContainer> snapshot) {
        List<PlanAction> actions = new ArrayList<>();
        for (EngineContainer c : snapshot) {
            if (belongsTo(c, key)) actions.add(new PlanAction.Remove(c, "deployment deleted"));
        }
        return new ContainerPlan(deploymentId, key, actions, List.of());
    }

    /**
     * The cross-deployment pass: remove managed containers of deployment resources that have no
     * docker-cmd deployment any more, then rename suffixed containers whose wanted name is free.
     * Python-hook containers without stack labels are matched by config id, as 50-heat-config-docker-cmd did.
     */
    public ContainerPlan planCleanup(
            Set<DeploymentKey> live, Set<String> liveDeploymentIds, List<EngineContainer> snapshot) {
        return planCleanup(live, liveDeploymentIds, snapshot, c -> true);
    }

    /**
     * The cleanup, removing only containers {@code removable} accepts: the agent passes "created by a
     * deployment this state directory recorded", so that a second state directory on the same node
     * (another agent, a `hearth apply --state-dir`) never removes containers it did not create.
     */
    public ContainerPlan planCleanup(
            Set<DeploymentKey> live,
            Set<String> liveDeploymentIds,
            List<EngineContainer> snapshot,
            java.util.function.Predicate<EngineContainer> removable) {
        List<PlanAction> actions = new ArrayList<>();
        Set<String> released = new HashSet<>();
        Set<String> removedIds = new HashSet<>();
        for (EngineContainer c : snapshot) {
            String m = c.label(Labels.MANAGED_BY);
            boolean ours = managedBy.equals(m);
            boolean pythonHook = Labels.LEGACY_DOCKER_CMD.equals(m);
            if (!ours && !pythonHook) continue;
            DeploymentKey k = c.key();
            boolean orphan = k != null
                    ? !live.contains(k)
                    : !liveDeploymentIds.contains(Objects.requireNonNullElse(c.label(Labels.CONFIG_ID), ""));
            if (orphan && removable.test(c)) {
                actions.add(new PlanAction.Remove(c, "its deployment is gone"));
                released.add(c.name());
                removedIds.add(c.id());
            }
        }
        Set<String> claimed = new HashSet<>();
        snapshot.stream()
                .filter(c -> isOwn(c)
                        && !removedIds.contains(c.id())
                        && c.label(Labels.CONTAINER_NAME) != null
                        && !c.name().equals(c.label(Labels.CONTAINER_NAME)))
                .sorted(Comparator.comparing(EngineContainer::name))
                .forEach(c -> {
                    String wanted = c.label(Labels.CONTAINER_NAME);
                    if (!nameTaken(wanted, snapshot, released, claimed)) {
                        claimed.add(wanted);
                        actions.add(new PlanAction.Rename(c, wanted));
                    }
                });
        return new ContainerPlan("cleanup", null, actions, List.of());
    }

    private boolean isOwn(EngineContainer c) {
        return managedBy.equals(c.label(Labels.MANAGED_BY));
    }

    /** Ours, or the Python hook's, for this deployment resource. */
    private boolean belongsTo(EngineContainer c, DeploymentKey key) {
        String m = c.label(Labels.MANAGED_BY);
        return (managedBy.equals(m) || Labels.LEGACY_DOCKER_CMD.equals(m)) && key.equals(c.key());
    }

    /** A Python-hook or paunch container that may be adopted as {@code name}. */
    private boolean isLegacyFor(EngineContainer c, DeploymentKey key, String name) {
        if (!Labels.isLegacyManager(c.label(Labels.MANAGED_BY))) return false;
        if (!name.equals(c.label(Labels.CONTAINER_NAME))) return false;
        DeploymentKey k = c.key();
        return k == null || k.equals(key);
    }

    private static boolean nameTaken(
            String name, List<EngineContainer> snapshot, Set<String> released, Set<String> claimed) {
        if (claimed.contains(name)) return true;
        return snapshot.stream().anyMatch(c -> c.name().equals(name) && !released.contains(name));
    }

    /** Running first, then the newest. */
    private static final Comparator<EngineContainer> PREFERRED = Comparator.comparing(
                    (EngineContainer c) -> !c.isRunning())
            .thenComparing(Comparator.comparingLong(EngineContainer::created).reversed());
}
