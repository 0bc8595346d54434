package dev.hearth.agent;

import dev.hearth.config.AgentConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Builds the agent's HTTP surface with the readiness checks of the enabled hooks. */
public final class HttpSurfaces {
    private HttpSurfaces() {}

    public static HttpSurface create(AgentConfig config, AgentRuntime runtime, PrometheusMeterRegistry registry) {
        return HttpServerSurface.create(
                config, runtime, registry, BuiltinHooks.readiness(runtime.hooks(), runtime.store()));
    }
}
