package dev.hearth.docker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a started container's healthcheck to say {@code healthy}, polling its state as the
 * Engine reports it: fails when it turns {@code unhealthy}, exits, or stays unsure past the limit.
 * A container without a healthcheck needs no wait.
 *
 * <p>Podman has no daemon running healthchecks: they run from systemd timers, which do not exist
 * yet right after the container starts, nor at all where systemd does not run, and meanwhile its
 * inspect says {@code starting} for ever. On podman, while the state says {@code starting}, the
 * check itself is run in the container (an exec of its test) and its exit code is the answer
 * (docs/podman.md#healthchecks).
 */
final class HealthWaiter {
    /** The Engine's default healthcheck timeout. */
    private static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final ContainerEngine engine;
    private final Duration limit;
    private final Duration poll;

    /** Asked once, at the first healthcheck that has to be waited for. */
    private volatile Boolean podman;

    HealthWaiter(ContainerEngine engine, Duration limit, Duration poll) {
        this.engine = engine;
        this.limit = limit;
        this.poll = poll;
    }

    /** The result, or null when the container has no healthcheck. */
    ActionResult waitHealthy(ContainerSpec spec, String id) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + limit.toNanos();
        while (true) {
            ContainerState state;
            try {
                state = engine.state(id);
            } catch (RuntimeException e) {
                return failed(spec, "health: " + ContainerActions.message(e), t0);
            }
            if (state.health() == null) return null;
            if (ContainerState.HEALTHY.equals(state.health())) {
                return ActionResult.ok(
                        ActionResult.Kind.HEALTH,
                        spec.name(),
                        "healthy " + spec.name() + " after " + millisSince(t0) + " ms",
                        millisSince(t0));
            }
            if (ContainerState.UNHEALTHY.equals(state.health()) || !state.running()) {
                return failed(
                        spec, (state.running() ? "unhealthy" : "exited") + " while waiting for its healthcheck", t0);
            }
            if (ContainerState.STARTING.equals(state.health())
                    && podman()
                    && spec.options().healthcheck() != null) {
                try {
                    if (runCheck(spec, id)) {
                        return ActionResult.ok(
                                ActionResult.Kind.HEALTH,
                                spec.name(),
                                "healthy " + spec.name() + " after " + millisSince(t0)
                                        + " ms (its healthcheck run by Hearth)",
                                millisSince(t0));
                    }
                } catch (RuntimeException e) {
                    return failed(spec, "health: " + ContainerActions.message(e), t0);
                }
            }
            if (System.nanoTime() > deadline) {
                return failed(spec, "not healthy after " + limit.toSeconds() + " s", t0);
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private boolean podman() {
        Boolean p = podman;
        if (p == null) podman = p = engine.info().podman();
        return p;
    }

    /** The healthcheck's test, run once in the container as the engine would: exit 0 is healthy. */
    private boolean runCheck(ContainerSpec spec, String id) {
        List<String> test = spec.options().healthcheck().test();
        if (test.isEmpty() || "NONE".equals(test.getFirst())) return false;
        List<String> cmd = "CMD-SHELL".equals(test.getFirst())
                ? List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())))
                : "CMD".equals(test.getFirst()) ? test.subList(1, test.size()) : test;
        Duration timeout = spec.options().healthcheck().timeoutNanos() == null
                ? DEFAULT_CHECK_TIMEOUT
                : Duration.ofNanos(spec.options().healthcheck().timeoutNanos());
        ContainerOutput out = engine.exec(id, null, null, List.of(), cmd, timeout);
        return out.exitCode() != null && out.exitCode() == 0;
    }

    private static ActionResult failed(ContainerSpec spec, String why, long t0) {
        return ActionResult.failed(
                ActionResult.Kind.HEALTH, spec.name(), "failed " + spec.name() + ": " + why, "", millisSince(t0));
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
