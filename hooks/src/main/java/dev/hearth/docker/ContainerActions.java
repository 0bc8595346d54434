package dev.hearth.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of each planned action against the engine: create or replace (with the docker CLI's exit
 * codes for what fails), keep, start, exec, remove, rename, and finishing a one-shot. Each returns its
 * {@link ActionResult}; none throws for an engine failure.
 */
final class ContainerActions {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerActions.class);
    private static final String SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** Where a container of this deployment ended up: its id and whether it is running. */
    record Target(String id, String name, boolean running) {}

    private final ContainerEngine engine;
    private final DockerHookSettings settings;
    private final RandomGenerator random;
    private final ContainerUnits units;

    ContainerActions(
            ContainerEngine engine, DockerHookSettings settings, RandomGenerator random, ContainerUnits units) {
        this.engine = engine;
        this.settings = settings;
        this.random = random;
        this.units = units;
    }

    ActionResult remove(PlanAction.Remove r) {
        long t0 = System.nanoTime();
        try {
            String unitProblem = units.removing(r.existing().name());
            engine.stopAndRemove(r.existing().id(), settings.stopTimeoutSeconds());
            if (unitProblem != null) {
                return ActionResult.failed(
                        ActionResult.Kind.REMOVE,
                        r.container(),
                        "removed " + r.existing().name() + " (" + r.reason() + ") but not its units: " + unitProblem,
                        "",
                        millisSince(t0));
            }
            return ActionResult.ok(
                    ActionResult.Kind.REMOVE,
                    r.container(),
                    "removed " + r.existing().name() + " (" + r.reason() + ") in " + millisSince(t0) + " ms",
                    millisSince(t0));
        } catch (RuntimeException e) {
            return ActionResult.failed(
                    ActionResult.Kind.REMOVE,
                    r.container(),
                    "failed to remove " + r.existing().name() + ": " + message(e),
                    "",
                    millisSince(t0));
        }
    }

    ActionResult rename(PlanAction.Rename r) {
        long t0 = System.nanoTime();
        try {
            engine.rename(r.existing().id(), r.newName());
            String unitProblem = units.renamed(r.existing(), r.newName());
            if (unitProblem != null) {
                return ActionResult.failed(
                        ActionResult.Kind.RENAME,
                        r.newName(),
                        "renamed " + r.existing().name() + " to " + r.newName() + " but not its units: " + unitProblem,
                        "",
                        millisSince(t0));
            }
            return ActionResult.ok(
                    ActionResult.Kind.RENAME,
                    r.newName(),
                    "renamed " + r.existing().name() + " to " + r.newName(),
                    millisSince(t0));
        } catch (RuntimeException e) {
            // the name may have been taken meanwhile: renamed on a later pass
            return ActionResult.ok(
                    ActionResult.Kind.RENAME,
                    r.newName(),
                    "not renamed " + r.existing().name() + " to " + r.newName() + " yet: " + message(e),
                    millisSince(t0));
        }
    }

    ActionResult keep(PlanAction.Keep k, PlanExecutor.Run run, Map<String, Target> created) {
        EngineContainer e = k.existing();
        created.put(k.spec().name(), new Target(e.id(), e.name(), e.isRunning()));
        if (k.spec().isOneShot() && e.isRunning()) {
            // a one-shot still running from an interrupted pass: wait for it like a new one
            long t0 = System.nanoTime();
            return finishOneShot(
                    ActionResult.Kind.KEEP,
                    k.spec(),
                    e.id(),
                    e.name(),
                    "waited for " + k.spec().name(),
                    t0,
                    run,
                    created);
        }
        if (e.isRunning()) {
            String unitProblem = units.kept(k.spec(), e.name(), e.id());
            if (unitProblem != null) {
                return ActionResult.failed(
                        ActionResult.Kind.KEEP,
                        k.spec().name(),
                        "kept " + e.name() + " but not its units: " + unitProblem,
                        "",
                        0);
            }
        }
        return ActionResult.ok(
                ActionResult.Kind.KEEP, k.spec().name(), k.describe().replaceFirst("^keep", "kept"), 0);
    }

    ActionResult startStopped(PlanAction.Start s, Map<String, Target> created, List<ContainerSpec> started) {
        long t0 = System.nanoTime();
        try {
            engine.start(s.existing().id());
            created.put(
                    s.spec().name(), new Target(s.existing().id(), s.existing().name(), true));
            started.add(s.spec());
            String unitProblem =
                    units.kept(s.spec(), s.existing().name(), s.existing().id());
            if (unitProblem != null) {
                return ActionResult.failed(
                        ActionResult.Kind.START,
                        s.spec().name(),
                        "started " + s.existing().name() + " but not its units: " + unitProblem,
                        "",
                        millisSince(t0));
            }
            return ActionResult.ok(
                    ActionResult.Kind.START,
                    s.spec().name(),
                    "started " + s.existing().name() + " (stopped outside Hearth) in " + millisSince(t0) + " ms",
                    millisSince(t0));
        } catch (RuntimeException e) {
            return ActionResult.failed(
                    ActionResult.Kind.START,
                    s.spec().name(),
                    "failed to start " + s.existing().name() + ": " + message(e),
                    "",
                    millisSince(t0));
        }
    }

    /**
     * Creates (or, with {@code existing}, replaces) and starts a container; a one-shot is also waited
     * for. {@code imageErrors}: images that could not be pulled, by reference.
     */
    ActionResult run(
            DeploymentKey key,
            ContainerSpec spec,
            EngineContainer existing,
            String reason,
            boolean nameTaken,
            Map<String, String> imageErrors,
            PlanExecutor.Run run,
            Map<String, Target> created,
            List<ContainerSpec> started) {
        long t0 = System.nanoTime();
        ActionResult.Kind kind = existing == null ? ActionResult.Kind.CREATE : ActionResult.Kind.REPLACE;
        String verb = existing == null ? "created" : "replaced";
        String why = reason == null ? "" : " (" + reason + ")";
        // Checked before the old container is touched: a bad spec leaves the old one in place.
        for (var v : spec.options().volumes()) {
            if (v.kind() == ContainerSpec.VolumeSpec.Kind.BIND && !Files.exists(Path.of(v.source()))) {
                return ActionResult.failed(
                        kind,
                        spec.name(),
                        "failed " + spec.name() + ": key 'volumes': bind-mount " + "source " + v.source()
                                + " does not exist",
                        "",
                        millisSince(t0));
            }
        }
        String imageError = imageErrors.get(spec.image());
        if (imageError != null) {
            return ActionResult.failed(
                    kind,
                    spec.name(),
                    "failed " + spec.name() + ": image " + spec.image() + " is not present and could not be pulled: "
                            + imageError,
                    "",
                    millisSince(t0));
        }
        if (existing != null) {
            try {
                String unitProblem = units.removing(existing.name());
                if (unitProblem != null) {
                    return ActionResult.failed(
                            kind,
                            spec.name(),
                            "failed to replace " + spec.name() + ": " + unitProblem,
                            "",
                            millisSince(t0));
                }
                engine.stopAndRemove(existing.id(), stopTimeout(spec));
            } catch (RuntimeException e) {
                return ActionResult.failed(
                        kind,
                        spec.name(),
                        "failed to replace " + spec.name() + ": removing " + existing.name() + ": " + message(e),
                        "",
                        millisSince(t0));
            }
        }
        Map<String, String> labels = labels(spec, run.deploymentId(), key);
        String name = nameTaken ? suffixed(spec.name()) : spec.name();
        String id;
        try {
            try {
                id = engine.create(spec, name, labels, units.logFile(name));
            } catch (NameConflictException conflict) {
                // the wanted name is held by a container Hearth does not manage: never fail on it
                // (docs/containers.md#names)
                name = suffixed(spec.name());
                id = engine.create(spec, name, labels, units.logFile(name));
            }
        } catch (NoSuchObjectException e) {
            return exitFailure(kind, spec, verb, 125, "image " + spec.image() + " not found: " + message(e), t0);
        } catch (RuntimeException | java.io.IOException e) {
            return exitFailure(kind, spec, verb, 125, message(e), t0);
        }
        try {
            engine.start(id);
        } catch (RuntimeException e) {
            String m = message(e);
            // the docker CLI's run codes: 127 command not found, 126 cannot invoke, 125 anything else
            boolean oci = m.contains("OCI runtime");
            int code = m.contains("executable file not found") || (oci && m.contains("no such file or directory"))
                    ? 127
                    : oci && m.contains("permission denied") ? 126 : 125;
            created.put(spec.name(), new Target(id, name, false));
            return exitFailure(kind, spec, verb, code, m, t0);
        }
        if (spec.isOneShot()) {
            created.put(spec.name(), new Target(id, name, true));
            return finishOneShot(
                    kind, spec, id, name, verb + " " + spec.name() + why + " and ran it", t0, run, created);
        }
        created.put(spec.name(), new Target(id, name, true));
        started.add(spec);
        String renamed = name.equals(spec.name()) ? "" : " as " + name + " (name taken)";
        String unitProblem = units.started(spec, name, id);
        if (unitProblem != null) {
            return ActionResult.failed(
                    kind,
                    spec.name(),
                    verb + " " + spec.name() + renamed + why + " but not its units: " + unitProblem,
                    "",
                    millisSince(t0));
        }
        return ActionResult.ok(
                kind,
                spec.name(),
                verb + " " + spec.name() + renamed + why + " in " + millisSince(t0) + " ms",
                millisSince(t0));
    }

    private ActionResult finishOneShot(
            ActionResult.Kind kind,
            ContainerSpec spec,
            String id,
            String name,
            String done,
            long t0,
            PlanExecutor.Run run,
            Map<String, Target> created) {
        int code;
        try {
            code = engine.waitExit(id, remaining(run.deadline()));
        } catch (RuntimeException e) {
            return ActionResult.failed(
                    kind,
                    spec.name(),
                    "failed " + spec.name() + ": waiting for it: " + message(e),
                    "",
                    millisSince(t0));
        }
        created.put(spec.name(), new Target(id, name, false));
        ContainerOutput out;
        try {
            out = engine.logs(id);
        } catch (RuntimeException e) {
            out = new ContainerOutput(code, "", "(output not available: " + message(e) + ")");
        }
        if (spec.options().remove()) {
            try {
                engine.stopAndRemove(id, 0);
            } catch (RuntimeException e) {
                LOG.warn("removing finished one-shot {} failed: {}", name, message(e));
            }
        }
        long ms = millisSince(t0);
        if (!out.stdout().isEmpty())
            LOG.debug("one-shot {} stdout: {}", name, run.mask().apply(out.stdout()));
        if (spec.exitCodes().contains(code)) {
            return ActionResult.ok(kind, spec.name(), done + ": exit code " + code + " in " + ms + " ms", ms);
        }
        return ActionResult.failed(
                kind,
                spec.name(),
                "failed " + spec.name() + ": exit code " + code + " not in " + spec.exitCodes() + " after " + ms
                        + " ms (" + done + ")",
                joinOutput(out),
                ms);
    }

    private static ActionResult exitFailure(
            ActionResult.Kind kind, ContainerSpec spec, String verb, int code, String message, long t0) {
        long ms = millisSince(t0);
        if (spec.exitCodes().contains(code)) {
            return ActionResult.ok(
                    kind,
                    spec.name(),
                    verb + " " + spec.name() + ": exit code " + code + " (accepted): " + message,
                    ms);
        }
        return ActionResult.failed(
                kind, spec.name(), "failed " + spec.name() + ": exit code " + code + ": " + message, "", ms);
    }

    /**
     * Runs an exec in its target: a container of this pass, else one of the snapshot, preferring this
     * deployment's and running ones.
     */
    ActionResult exec(ContainerSpec spec, DeploymentKey key, PlanExecutor.Run run, Map<String, Target> created) {
        long t0 = System.nanoTime();
        String targetName = spec.execTarget().orElseThrow();
        Optional<Target> target = Optional.ofNullable(created.get(targetName));
        if (target.isEmpty()) {
            target = run.snapshot().stream()
                    .filter(c -> targetName.equals(c.label(Labels.CONTAINER_NAME)) || targetName.equals(c.name()))
                    .sorted(Comparator.comparing((EngineContainer c) -> !key.equals(c.key()))
                            .thenComparing(c -> !c.isRunning()))
                    .findFirst()
                    .map(c -> new Target(c.id(), c.name(), c.isRunning()));
        }
        if (target.isEmpty()) {
            return ActionResult.failed(
                    ActionResult.Kind.EXEC,
                    spec.name(),
                    "failed exec " + spec.name() + ": target container " + targetName + " not found",
                    "",
                    millisSince(t0));
        }
        if (!target.get().running()) {
            return ActionResult.failed(
                    ActionResult.Kind.EXEC,
                    spec.name(),
                    "failed exec " + spec.name() + ": target container "
                            + target.get().name() + " is not running",
                    "",
                    millisSince(t0));
        }
        ContainerOutput out;
        try {
            out = engine.exec(
                    target.get().id(),
                    spec.options().user(),
                    spec.options().privileged(),
                    spec.env(),
                    spec.command().subList(1, spec.command().size()),
                    remaining(run.deadline()));
        } catch (RuntimeException e) {
            int code = message(e).contains("executable file not found") ? 127 : 126;
            return exitFailure(ActionResult.Kind.EXEC, spec, "exec", code, message(e), t0);
        }
        long ms = millisSince(t0);
        int code = out.exitCode() == null ? -1 : out.exitCode();
        if (spec.exitCodes().contains(code)) {
            return ActionResult.ok(
                    ActionResult.Kind.EXEC,
                    spec.name(),
                    "exec " + spec.name() + " in " + target.get().name() + ": exit code " + code + " in " + ms + " ms",
                    ms);
        }
        return ActionResult.failed(
                ActionResult.Kind.EXEC,
                spec.name(),
                "failed exec " + spec.name() + " in " + target.get().name() + ": exit code " + code + " not in "
                        + spec.exitCodes(),
                joinOutput(out),
                ms);
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, String> labels(ContainerSpec spec, String deploymentId, DeploymentKey key) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.STACK_ID, key.stackId());
        labels.put(Labels.RESOURCE_NAME, key.resourceName());
        labels.put(Labels.CONFIG_ID, deploymentId);
        labels.put(Labels.CONTAINER_NAME, spec.name());
        labels.put(Labels.MANAGED_BY, settings.managedBy());
        labels.put(Labels.CONFIG_DATA, ConfigData.write(spec.config()));
        return labels;
    }

    private int stopTimeout(ContainerSpec spec) {
        Integer g = spec.options().stopGracePeriod();
        return g == null ? settings.stopTimeoutSeconds() : g;
    }

    private String suffixed(String name) {
        StringBuilder sb = new StringBuilder(name).append('-');
        for (int i = 0; i < 8; i++) sb.append(SUFFIX_CHARS.charAt(random.nextInt(SUFFIX_CHARS.length())));
        return sb.toString();
    }

    private static Duration remaining(Instant deadline) {
        Duration d = Duration.between(Instant.now(), deadline);
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static String joinOutput(ContainerOutput out) {
        StringBuilder sb = new StringBuilder();
        if (!out.stdout().isEmpty()) sb.append(out.stdout().stripTrailing());
        if (!out.stderr().isEmpty()) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(out.stderr().stripTrailing());
        }
        return sb.toString();
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.strip().replaceAll("\\s+", " ");
    }
}
