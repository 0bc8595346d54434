package dev.hearth.docker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a started container's healthcheck to say {@code healthy}, polling its state as the
 * Engine reports it: fails when it turns {@code unhealthy}, exits, or stays unsure past the limit.
 * A container without a healthcheck needs no wait.
 */
final class HealthWaiter {
    private final ContainerEngine engine;
    private final Duration limit;
    private final Duration poll;

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
                return ActionResult.ok(ActionResult.Kind.HEALTH, spec.name(), "healthy " + spec.name() + " after "
                        + millisSince(t0) + " ms", millisSince(t0));
            }
            if (ContainerState.UNHEALTHY.equals(state.health()) || !state.running()) {
                return failed(spec, (state.running() ? "unhealthy" : "exited") + " while waiting for its healthcheck", t0);
            }
            if (System.nanoTime() > deadline) {
                return failed(spec, "not healthy after " + limit.toSeconds() + " s", t0);
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private static ActionResult failed(ContainerSpec spec, String why, long t0) {
        return ActionResult.failed(ActionResult.Kind.HEALTH, spec.name(), "failed " + spec.name() + ": " + why, "",
                millisSince(t0));
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
