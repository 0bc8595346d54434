package dev.hearth.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;

/**
 * Registers the result counters at 0 for every label the agent knows before anything happens.
 * Prometheus' {@code increase()} needs a sample before the first increment: a counter that first
 * appears at 1 shows no increase, so the first failure after each start would never alert.
 */
public final class ResultCounters {
    /** Results of {@link Meters#DEPLOYMENTS}, as {@code DeploymentState.wire()} spells them. */
    public static final List<String> DEPLOYMENT_RESULTS = List.of("succeeded", "failed", "interrupted");
    /** Results of {@link Meters#SIGNALS}: every outcome the signaler counts. */
    public static final List<String> SIGNAL_RESULTS =
            List.of("delivered", "failed", "given_up", "expired", "invalid_target", "rejected");

    private ResultCounters() {}

    /** One counter per group and result; groups are the built-in hooks (external ones appear on first use). */
    public static void registerDeployments(MeterRegistry registry, Collection<String> groups) {
        for (String group : groups) {
            for (String result : DEPLOYMENT_RESULTS) {
                Counter.builder(Meters.DEPLOYMENTS)
                        .tag("group", group)
                        .tag("result", result)
                        .register(registry);
            }
        }
    }

    /** One counter per transport and result. */
    public static void registerSignals(MeterRegistry registry, Collection<String> transports) {
        for (String transport : transports) {
            for (String result : SIGNAL_RESULTS) {
                Counter.builder(Meters.SIGNALS)
                        .tag("transport", transport)
                        .tag("result", result)
                        .register(registry);
            }
        }
    }
}
