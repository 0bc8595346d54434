package dev.hearth.agent;

import dev.hearth.config.AgentConfig;
import dev.hearth.deploy.MetadataReader;
import dev.hearth.http.AgentHttpServer;
import dev.hearth.http.HttpServerSettings;
import dev.hearth.http.ReadinessCheck;
import dev.hearth.http.ReadinessProbe;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;

/** The agent's netty server: pushes go into the pipeline, status reads the store. */
final class HttpServerSurface implements HttpSurface {
    private final AgentHttpServer server;

    private HttpServerSurface(AgentHttpServer server) {
        this.server = server;
    }

    /** NONE when {@code http.listen} is empty. Settings are validated here (refuses unauthenticated non-loopback). */
    static HttpSurface create(
            AgentConfig config,
            AgentRuntime runtime,
            PrometheusMeterRegistry registry,
            List<ReadinessProbe> extraChecks) {
        if (config.http().listen().isBlank()) return NONE;
        List<ReadinessProbe> probes = new ArrayList<>();
        // The runtime is open (markers loaded, recovery done) before the server starts; metadata comes
        // from the configured collectors or, with none, from pushes to this very server.
        probes.add(() -> List.of(
                runtime.stateHealth()
                        .failure()
                        .map(why -> ReadinessCheck.failed("state", "cannot write the state directory: " + why))
                        .orElse(ReadinessCheck.ok("state")),
                ReadinessCheck.ok("metadata source")));
        probes.addAll(extraChecks);
        AgentHttpServer server = new AgentHttpServer(
                HttpServerSettings.from(config.http(), config.stateDir()),
                config.http().socket(),
                runtime.pipeline(),
                runtime.store(),
                registry,
                ReadinessProbe.allOf(probes),
                new MetadataReader(config.limits()));
        return new HttpServerSurface(server);
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public void stop() {
        server.close();
    }

    @Override
    public String describe() {
        return server.baseUri().toString();
    }
}
