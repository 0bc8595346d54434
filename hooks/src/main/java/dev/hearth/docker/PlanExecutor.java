package dev.hearth.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Runs a {@link ContainerPlan}: images, removals, then each start_order group in ascending order
 * (its containers concurrently, bounded by {@code parallelism}; its execs after them; optionally
 * waiting for healthchecks), then renames. A failed container does not stop the others.
 */
public final class PlanExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);
    private static final String SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Engine engine;
    private final DockerHookSettings settings;
    private final MeterRegistry meters;
    private final RandomGenerator random;

    public PlanExecutor(Engine engine, DockerHookSettings settings, MeterRegistry meters) {
        this(engine, settings, meters, new SecureRandom());
    }

    PlanExecutor(Engine engine, DockerHookSettings settings, MeterRegistry meters, RandomGenerator random) {
        this.engine = engine;
        this.settings = settings;
        this.meters = meters;
        this.random = random;
    }

    /**
     * Everything one run needs besides the plan.
     *
     * @param deploymentId the {@code config_id} label of created containers
     * @param localImages  image id by reference, from the snapshot ({@link Engine#localImages()})
     * @param snapshot     the containers the plan was made from (exec targets of other deployments)
     * @param deadline     when the hook's time is up (bounds one-shot waits and execs)
     * @param mask         masks secrets in every line and output
     * @param progress     each finished action's line, as it happens
     */
    public record Run(String deploymentId, Map<String, String> localImages, List<EngineContainer> snapshot,
                      Instant deadline, UnaryOperator<String> mask, Consumer<String> progress) {}

    public List<ActionResult> execute(ContainerPlan plan, Run run) throws InterruptedException {
        List<ActionResult> results = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> imageErrors = pullMissingImages(plan, run, results);
        Map<String, Target> created = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore permits = new Semaphore(settings.parallelism());
            runAll(pool, permits, plan.removals().stream().map(r -> (Action) () -> remove(r, run)).toList(), results, run);
            for (var group : plan.groups().entrySet()) {
                List<Action> runs = new ArrayList<>();
                List<Action> execs = new ArrayList<>();
                List<ContainerSpec> started = Collections.synchronizedList(new ArrayList<>());
                for (PlanAction a : group.getValue()) {
                    switch (a) {
                        case PlanAction.Exec e -> execs.add(() -> exec(e.spec(), plan, run, created));
                        case PlanAction.Create c -> runs.add(() -> runContainer(plan.key(), c.spec(), null, null, c.nameTaken(),
                                imageErrors, run, created, started));
                        case PlanAction.Replace r -> runs.add(() -> runContainer(plan.key(), r.spec(), r.existing(), r.reason(),
                                r.nameTaken(), imageErrors, run, created, started));
                        case PlanAction.Keep k -> runs.add(() -> keep(k, run, created));
                        case PlanAction.Start s -> runs.add(() -> startStopped(s, run, created, started));
                        default -> { }
                    }
                }
                runAll(pool, permits, runs, results, run);
                if (settings.waitHealthy() && !started.isEmpty()) {
                    runAll(pool, permits, started.stream()
                            .filter(s -> created.containsKey(s.name()))
                            .map(s -> (Action) () -> waitHealthy(s, created.get(s.name()), run)).toList(), results, run);
                }
                runAll(pool, permits, execs, results, run);
            }
        }
        for (PlanAction.Rename r : plan.renames()) results.add(rename(r, run));
        return List.copyOf(results);
    }

    @FunctionalInterface
    private interface Action {
        ActionResult run() throws InterruptedException;
    }

    /** Where a container of this deployment ended up: its id and whether it is running. */
    private record Target(String id, String name, boolean running) {}

    private void runAll(ExecutorService pool, Semaphore permits, List<Action> actions, List<ActionResult> results,
                        Run run) throws InterruptedException {
        List<Future<ActionResult>> futures = new ArrayList<>();
        for (Action a : actions) {
            futures.add(pool.submit(() -> {
                permits.acquire();
                try {
                    return a.run();
                } finally {
                    permits.release();
                }
            }));
        }
        for (Future<ActionResult> f : futures) {
            try {
                ActionResult r = f.get();
                if (r == null) continue;
                ActionResult masked = new ActionResult(r.container(), r.ok(), run.mask().apply(r.line()),
                        run.mask().apply(r.output()), r.millis());
                results.add(masked);
                run.progress().accept(masked.line());
                Counter.builder(DockerMeters.ACTIONS).tag("outcome", r.ok() ? "ok" : "failed")
                        .tag("action", r.line().split(" ", 2)[0]).register(meters).increment();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                results.add(ActionResult.failed("?", run.mask().apply("internal error: " + c), "", 0));
            }
        }
    }

    // ---------------------------------------------------------------- images

    private Map<String, String> pullMissingImages(ContainerPlan plan, Run run, List<ActionResult> results)
            throws InterruptedException {
        Set<String> missing = new java.util.TreeSet<>();
        for (PlanAction a : plan.actions()) {
            ContainerSpec s = switch (a) {
                case PlanAction.Create c -> c.spec();
                case PlanAction.Replace r -> r.spec();
                default -> null;
            };
            if (s != null && !run.localImages().containsKey(ImageRefs.normalize(s.image()))
                    && !run.localImages().containsKey(s.image())) {
                missing.add(s.image());
            }
        }
        Map<String, String> errors = new ConcurrentHashMap<>();
        if (missing.isEmpty()) return errors;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore permits = new Semaphore(Math.min(3, settings.parallelism())); // dockerd pulls 3 at once
            List<Future<?>> fs = new ArrayList<>();
            for (String image : missing) {
                fs.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        long t0 = System.nanoTime();
                        String err = pull(image);
                        long ms = millisSince(t0);
                        if (err == null) {
                            results.add(ActionResult.ok(image, "pulled " + image + " in " + ms + " ms", ms));
                        } else {
                            errors.put(image, err);
                        }
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    LOG.warn("image pull task failed", e.getCause());
                }
            }
        }
        return errors;
    }

    /** Pulls with bounded retries (jittered exponential backoff); null on success, else the last error. */
    private String pull(String image) throws InterruptedException {
        String last = null;
        for (int attempt = 1; attempt <= settings.pullAttempts(); attempt++) {
            try {
                engine.pull(image, settings.pullTimeout());
                return null;
            } catch (RuntimeException e) {
                last = message(e);
                LOG.warn("pull of {} failed (attempt {}/{}): {}", image, attempt, settings.pullAttempts(), last);
            }
            if (attempt < settings.pullAttempts()) {
                long capMs = settings.pullBackoffCap().toMillis();
                long ms = Math.min(capMs, (long) (random.nextDouble() * 1000L * (1L << attempt)));
                Thread.sleep(ms);
            }
        }
        return last;
    }

    // ---------------------------------------------------------------- actions

    private ActionResult remove(PlanAction.Remove r, Run run) {
        long t0 = System.nanoTime();
        try {
            engine.stopAndRemove(r.existing().id(), settings.stopTimeoutSeconds());
            return ActionResult.ok(r.container(), "removed " + r.existing().name() + " (" + r.reason() + ") in "
                    + millisSince(t0) + " ms", millisSince(t0));
        } catch (RuntimeException e) {
            return ActionResult.failed(r.container(), "failed to remove " + r.existing().name() + ": " + message(e),
                    "", millisSince(t0));
        }
    }

    private ActionResult rename(PlanAction.Rename r, Run run) {
        long t0 = System.nanoTime();
        try {
            engine.rename(r.existing().id(), r.newName());
            ActionResult res = ActionResult.ok(r.newName(), "renamed " + r.existing().name() + " to " + r.newName(),
                    millisSince(t0));
            run.progress().accept(res.line());
            return res;
        } catch (RuntimeException e) {
            // the name may have been taken meanwhile: renamed on a later pass
            return ActionResult.ok(r.newName(), "not renamed " + r.existing().name() + " to " + r.newName()
                    + " yet: " + message(e), millisSince(t0));
        }
    }

    private ActionResult keep(PlanAction.Keep k, Run run, Map<String, Target> created) throws InterruptedException {
        EngineContainer e = k.existing();
        created.put(k.spec().name(), new Target(e.id(), e.name(), e.isRunning()));
        if (k.spec().isOneShot() && e.isRunning()) {
            // a one-shot still running from an interrupted pass: wait for it like a new one
            long t0 = System.nanoTime();
            return finishOneShot(k.spec(), e.id(), e.name(), "waited for " + k.spec().name(), t0, run, created);
        }
        return ActionResult.ok(k.spec().name(), k.describe().replaceFirst("^keep", "kept"), 0);
    }

    private ActionResult startStopped(PlanAction.Start s, Run run, Map<String, Target> created,
                                      List<ContainerSpec> started) {
        long t0 = System.nanoTime();
        try {
            engine.start(s.existing().id());
            created.put(s.spec().name(), new Target(s.existing().id(), s.existing().name(), true));
            started.add(s.spec());
            return ActionResult.ok(s.spec().name(), "started " + s.existing().name() + " (stopped outside Hearth) in "
                    + millisSince(t0) + " ms", millisSince(t0));
        } catch (RuntimeException e) {
            return ActionResult.failed(s.spec().name(), "failed to start " + s.existing().name() + ": " + message(e),
                    "", millisSince(t0));
        }
    }

    private ActionResult runContainer(DeploymentKey key, ContainerSpec spec, EngineContainer existing, String reason,
                                      boolean nameTaken,
                                      Map<String, String> imageErrors, Run run, Map<String, Target> created,
                                      List<ContainerSpec> started) throws InterruptedException {
        long t0 = System.nanoTime();
        String verb = existing == null ? "created" : "replaced";
        String why = reason == null ? "" : " (" + reason + ")";
        // Checked before the old container is touched: a bad spec leaves the old one in place.
        for (var v : spec.options().volumes()) {
            if (v.kind() == ContainerSpec.VolumeSpec.Kind.BIND && !Files.exists(Path.of(v.source()))) {
                return ActionResult.failed(spec.name(), "failed " + spec.name() + ": key 'volumes': bind-mount source "
                        + v.source() + " does not exist", "", millisSince(t0));
            }
        }
        String imageError = imageErrors.get(spec.image());
        if (imageError != null) {
            return ActionResult.failed(spec.name(), "failed " + spec.name() + ": image " + spec.image()
                    + " is not present and could not be pulled: " + imageError, "", millisSince(t0));
        }
        if (existing != null) {
            try {
                engine.stopAndRemove(existing.id(), stopTimeout(spec));
            } catch (RuntimeException e) {
                return ActionResult.failed(spec.name(), "failed to replace " + spec.name() + ": removing "
                        + existing.name() + ": " + message(e), "", millisSince(t0));
            }
        }
        Map<String, String> labels = labels(spec, run, key);
        String name = nameTaken ? suffixed(spec.name()) : spec.name();
        String id;
        try {
            try {
                id = engine.create(spec, name, labels);
            } catch (ConflictException conflict) {
                // the wanted name is held by a container Hearth does not manage: never fail on it (docs/containers.md#names)
                name = suffixed(spec.name());
                id = engine.create(spec, name, labels);
            }
        } catch (NotFoundException e) {
            return exitFailure(spec, verb, 125, "image " + spec.image() + " not found: " + message(e), t0);
        } catch (RuntimeException e) {
            return exitFailure(spec, verb, 125, message(e), t0);
        }
        try {
            engine.start(id);
        } catch (RuntimeException e) {
            String m = message(e);
            // the docker CLI's run codes: 127 command not found, 126 cannot invoke, 125 anything else
            boolean oci = m.contains("OCI runtime");
            int code = m.contains("executable file not found") || (oci && m.contains("no such file or directory")) ? 127
                    : oci && m.contains("permission denied") ? 126 : 125;
            created.put(spec.name(), new Target(id, name, false));
            return exitFailure(spec, verb, code, m, t0);
        }
        if (spec.isOneShot()) {
            created.put(spec.name(), new Target(id, name, true));
            return finishOneShot(spec, id, name, verb + " " + spec.name() + why + " and ran it", t0, run, created);
        }
        created.put(spec.name(), new Target(id, name, true));
        started.add(spec);
        String renamed = name.equals(spec.name()) ? "" : " as " + name + " (name taken)";
        return ActionResult.ok(spec.name(), verb + " " + spec.name() + renamed + why + " in " + millisSince(t0) + " ms",
                millisSince(t0));
    }

    private ActionResult finishOneShot(ContainerSpec spec, String id, String name, String done, long t0, Run run,
                                       Map<String, Target> created) {
        int code;
        try {
            code = engine.waitExit(id, remaining(run));
        } catch (RuntimeException e) {
            return ActionResult.failed(spec.name(), "failed " + spec.name() + ": waiting for it: " + message(e), "",
                    millisSince(t0));
        }
        created.put(spec.name(), new Target(id, name, false));
        Engine.Output out;
        try {
            out = engine.logs(id);
        } catch (RuntimeException e) {
            out = new Engine.Output(code, "", "(output not available: " + message(e) + ")");
        }
        if (spec.options().remove()) {
            try {
                engine.stopAndRemove(id, 0);
            } catch (RuntimeException e) {
                LOG.warn("removing finished one-shot {} failed: {}", name, message(e));
            }
        }
        long ms = millisSince(t0);
        if (!out.stdout().isEmpty()) LOG.debug("one-shot {} stdout: {}", name, run.mask().apply(out.stdout()));
        if (spec.exitCodes().contains(code)) {
            return ActionResult.ok(spec.name(), done + ": exit code " + code + " in " + ms + " ms", ms);
        }
        return ActionResult.failed(spec.name(), "failed " + spec.name() + ": exit code " + code + " not in "
                + spec.exitCodes() + " after " + ms + " ms (" + done + ")", joinOutput(out), ms);
    }

    private ActionResult exitFailure(ContainerSpec spec, String verb, int code, String message, long t0) {
        long ms = millisSince(t0);
        if (spec.exitCodes().contains(code)) {
            return ActionResult.ok(spec.name(), verb + " " + spec.name() + ": exit code " + code + " (accepted): "
                    + message, ms);
        }
        return ActionResult.failed(spec.name(), "failed " + spec.name() + ": exit code " + code + ": " + message, "", ms);
    }

    private ActionResult exec(ContainerSpec spec, ContainerPlan plan, Run run, Map<String, Target> created) {
        long t0 = System.nanoTime();
        String targetName = spec.execTarget().orElseThrow();
        Optional<Target> target = Optional.ofNullable(created.get(targetName));
        if (target.isEmpty()) {
            target = run.snapshot().stream()
                    .filter(c -> targetName.equals(c.label(Labels.CONTAINER_NAME)) || targetName.equals(c.name()))
                    .sorted(java.util.Comparator.comparing((EngineContainer c) -> !plan.key().equals(c.key()))
                            .thenComparing(c -> !c.isRunning()))
                    .findFirst().map(c -> new Target(c.id(), c.name(), c.isRunning()));
        }
        if (target.isEmpty()) {
            return ActionResult.failed(spec.name(), "failed exec " + spec.name() + ": target container " + targetName
                    + " not found", "", millisSince(t0));
        }
        if (!target.get().running()) {
            return ActionResult.failed(spec.name(), "failed exec " + spec.name() + ": target container "
                    + target.get().name() + " is not running", "", millisSince(t0));
        }
        Engine.Output out;
        try {
            out = engine.exec(target.get().id(), spec.options().user(), spec.options().privileged(), spec.env(),
                    spec.command().subList(1, spec.command().size()), remaining(run));
        } catch (RuntimeException e) {
            int code = message(e).contains("executable file not found") ? 127 : 126;
            return exitFailure(spec, "exec", code, message(e), t0);
        }
        long ms = millisSince(t0);
        int code = out.exitCode() == null ? -1 : out.exitCode();
        if (spec.exitCodes().contains(code)) {
            return ActionResult.ok(spec.name(), "exec " + spec.name() + " in " + target.get().name() + ": exit code "
                    + code + " in " + ms + " ms", ms);
        }
        return ActionResult.failed(spec.name(), "failed exec " + spec.name() + " in " + target.get().name()
                + ": exit code " + code + " not in " + spec.exitCodes(), joinOutput(out), ms);
    }

    private ActionResult waitHealthy(ContainerSpec spec, Target target, Run run) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = System.nanoTime() + settings.healthyTimeout().toNanos();
        while (true) {
            InspectContainerResponse r;
            try {
                r = engine.inspect(target.id());
            } catch (RuntimeException e) {
                return ActionResult.failed(spec.name(), "failed " + spec.name() + ": health: " + message(e), "",
                        millisSince(t0));
            }
            var state = r.getState();
            if (state == null || state.getHealth() == null) return null; // no healthcheck: nothing to wait for
            String status = state.getHealth().getStatus();
            if ("healthy".equals(status)) {
                return ActionResult.ok(spec.name(), "healthy " + spec.name() + " after " + millisSince(t0) + " ms",
                        millisSince(t0));
            }
            if ("unhealthy".equals(status) || !Boolean.TRUE.equals(state.getRunning())) {
                return ActionResult.failed(spec.name(), "failed " + spec.name() + ": " + (Boolean.TRUE.equals(
                        state.getRunning()) ? "unhealthy" : "exited") + " while waiting for its healthcheck", "",
                        millisSince(t0));
            }
            if (System.nanoTime() > deadline) {
                return ActionResult.failed(spec.name(), "failed " + spec.name() + ": not healthy after "
                        + settings.healthyTimeout().toSeconds() + " s", "", millisSince(t0));
            }
            Thread.sleep(250);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, String> labels(ContainerSpec spec, Run run, DeploymentKey key) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.STACK_ID, key.stackId());
        labels.put(Labels.RESOURCE_NAME, key.resourceName());
        labels.put(Labels.CONFIG_ID, run.deploymentId());
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

    private static Duration remaining(Run run) {
        Duration d = Duration.between(Instant.now(), run.deadline());
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static String joinOutput(Engine.Output out) {
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
