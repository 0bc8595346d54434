package dev.hearth.http;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /readyz} asks: the agent supplies the checks (state loaded, collectors configured,
 * Docker reachable when a docker hook is enabled). Called on a virtual thread, so a check may block
 * briefly (a Docker ping with its own timeout); the server gives up on the whole probe after
 * {@link AgentHttpServer#READINESS_TIMEOUT} and answers 503.
 */
@FunctionalInterface
public interface ReadinessProbe {

    List<ReadinessCheck> check();

    /** The checks of every probe, in order; a probe that throws counts as a failed check named after it. */
    static ReadinessProbe allOf(List<ReadinessProbe> probes) {
        return () -> {
            List<ReadinessCheck> all = new ArrayList<>();
            for (ReadinessProbe p : probes) {
                try {
                    all.addAll(p.check());
                } catch (RuntimeException e) {
                    all.add(ReadinessCheck.failed(
                            p.getClass().getSimpleName(), e.getClass().getSimpleName()));
                }
            }
            return all;
        };
    }
}
