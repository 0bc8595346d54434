package dev.hearth.docker;

import dev.hearth.systemctl.Systemctl;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Schedules a {@link ContainerPlan}: images first ({@link ImagePuller}), then removals, then each
 * start_order group in ascending order — its containers concurrently, bounded by
 * {@code parallelism}, optionally waiting for their healthchecks ({@link HealthWaiter}), its execs
 * after them — then renames. Each action's work is {@link ContainerActions}'; each result is masked,
 * reported as it happens and counted ({@link ActionMetrics}). A failed container does not stop the
 * others.
 */
public final class PlanExecutor {
    private final DockerHookSettings settings;
    private final ImagePuller images;
    private final ContainerActions actions;
    private final HealthWaiter health;
    private final ActionMetrics metrics;

    public PlanExecutor(ContainerEngine engine, DockerHookSettings settings, MeterRegistry meters) {
        this(engine, settings, meters, new SecureRandom(), Duration.ofMillis(250));
    }

    PlanExecutor(
            ContainerEngine engine,
            DockerHookSettings settings,
            MeterRegistry meters,
            RandomGenerator random,
            Duration healthPoll) {
        this.settings = settings;
        this.images = new ImagePuller(engine, settings, random);
        this.actions = new ContainerActions(
                engine, settings, random, new ContainerUnits(engine, settings.units(), Systemctl.host()));
        this.health = new HealthWaiter(engine, settings.healthyTimeout(), healthPoll);
        this.metrics = new ActionMetrics(meters);
    }

    /**
     * Everything one run needs besides the plan.
     *
     * @param deploymentId the {@code config_id} label of created containers
     * @param localImages  image id by reference, from the snapshot ({@link ContainerEngine#localImages()})
     * @param snapshot     the containers the plan was made from (exec targets of other deployments)
     * @param deadline     when the hook's time is up (bounds one-shot waits and execs)
     * @param mask         masks secrets in every line and output
     * @param progress     each finished action's line, as it happens
     */
    public record Run(
            String deploymentId,
            Map<String, String> localImages,
            List<EngineContainer> snapshot,
            Instant deadline,
            UnaryOperator<String> mask,
            Consumer<String> progress) {}

    public List<ActionResult> execute(ContainerPlan plan, Run run) throws InterruptedException {
        List<ActionResult> results = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> imageErrors = images.pullMissing(plan, run.localImages(), results);
        Map<String, ContainerActions.Target> created = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore permits = new Semaphore(settings.parallelism());
            runAll(
                    pool,
                    permits,
                    plan.removals().stream()
                            .map(r -> (Action) () -> actions.remove(r))
                            .toList(),
                    results,
                    run);
            for (var group : plan.groups().entrySet()) {
                List<Action> runs = new ArrayList<>();
                List<Action> execs = new ArrayList<>();
                List<ContainerSpec> started = Collections.synchronizedList(new ArrayList<>());
                for (PlanAction a : group.getValue()) {
                    switch (a) {
                        case PlanAction.Exec e -> execs.add(() -> actions.exec(e.spec(), plan.key(), run, created));
                        case PlanAction.Create c ->
                            runs.add(() -> actions.run(
                                    plan.key(),
                                    c.spec(),
                                    null,
                                    null,
                                    c.nameTaken(),
                                    imageErrors,
                                    run,
                                    created,
                                    started));
                        case PlanAction.Replace r ->
                            runs.add(() -> actions.run(
                                    plan.key(),
                                    r.spec(),
                                    r.existing(),
                                    r.reason(),
                                    r.nameTaken(),
                                    imageErrors,
                                    run,
                                    created,
                                    started));
                        case PlanAction.Keep k -> runs.add(() -> actions.keep(k, run, created));
                        case PlanAction.Start s -> runs.add(() -> actions.startStopped(s, created, started));
                        // groups hold container actions only; removals and renames are scheduled around them
                        case PlanAction.Remove r -> throw new IllegalStateException("a removal in a start_order group");
                        case PlanAction.Rename r -> throw new IllegalStateException("a rename in a start_order group");
                    }
                }
                runAll(pool, permits, runs, results, run);
                if (settings.waitHealthy() && !started.isEmpty()) {
                    runAll(
                            pool,
                            permits,
                            started.stream()
                                    .filter(s -> created.containsKey(s.name()))
                                    .map(s -> (Action) () -> health.waitHealthy(
                                            s, created.get(s.name()).id()))
                                    .toList(),
                            results,
                            run);
                }
                runAll(pool, permits, execs, results, run);
            }
        }
        for (PlanAction.Rename r : plan.renames()) {
            ActionResult res = actions.rename(r);
            run.progress().accept(res.line());
            metrics.record(res);
            results.add(res);
        }
        return List.copyOf(results);
    }

    @FunctionalInterface
    private interface Action {
        ActionResult run() throws InterruptedException;
    }

    private void runAll(ExecutorService pool, Semaphore permits, List<Action> todo, List<ActionResult> results, Run run)
            throws InterruptedException {
        List<Future<ActionResult>> futures = new ArrayList<>();
        for (Action a : todo) {
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
                ActionResult masked = r.masked(run.mask());
                results.add(masked);
                run.progress().accept(masked.line());
                metrics.record(r);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                results.add(ActionResult.failed(
                        ActionResult.Kind.INTERNAL, "?", run.mask().apply("internal error: " + c), "", 0));
            }
        }
    }

    static String message(Throwable e) {
        return ContainerActions.message(e);
    }
}
