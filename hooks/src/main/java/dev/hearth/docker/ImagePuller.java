package dev.hearth.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the images a plan needs that are not present, before any container is touched: at most
 * three at once (dockerd's own limit), each with bounded retries and jittered exponential backoff.
 */
final class ImagePuller {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);

    private final ContainerEngine engine;
    private final DockerHookSettings settings;
    private final RandomGenerator random;

    ImagePuller(ContainerEngine engine, DockerHookSettings settings, RandomGenerator random) {
        this.engine = engine;
        this.settings = settings;
        this.random = random;
    }

    /** Pulls what is missing; the result of each successful pull goes to {@code results}. Errors by image. */
    Map<String, String> pullMissing(ContainerPlan plan, Map<String, String> localImages, List<ActionResult> results)
            throws InterruptedException {
        Set<String> missing = new TreeSet<>();
        for (PlanAction a : plan.actions()) {
            ContainerSpec s = switch (a) {
                case PlanAction.Create c -> c.spec();
                case PlanAction.Replace r -> r.spec();
                case PlanAction.Keep k -> null;
                case PlanAction.Start st -> null;
                case PlanAction.Exec e -> null;
                case PlanAction.Remove r -> null;
                case PlanAction.Rename r -> null;
            };
            if (s != null
                    && !localImages.containsKey(ImageRefs.normalize(s.image()))
                    && !localImages.containsKey(s.image())) {
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
                        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                        if (err == null) {
                            results.add(ActionResult.ok(
                                    ActionResult.Kind.PULL, image, "pulled " + image + " in " + ms + " ms", ms));
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

    /** Pulls with bounded retries; null on success, else the last error. */
    private String pull(String image) throws InterruptedException {
        String last = null;
        for (int attempt = 1; attempt <= settings.pullAttempts(); attempt++) {
            try {
                engine.pull(image, settings.pullTimeout());
                return null;
            } catch (RuntimeException e) {
                last = ContainerActions.message(e);
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
}
