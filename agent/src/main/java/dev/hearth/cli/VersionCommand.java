package dev.hearth.cli;

import dev.hearth.config.AgentConfig;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.DockerTlsException;
import dev.hearth.docker.Engine;
import dev.hearth.docker.EngineInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "version",
        description = "Print Hearth's version, the Java runtime it runs on and the container engine "
                + "it talks to (Docker Engine or Podman Engine, its version and API version).")
public final class VersionCommand implements Callable<Integer> {
    /** The version must come back at once even when no engine answers: one try, no waiting for a daemon. */
    private static final Duration ENGINE_CALL = DockerAccess.CALL_TIMEOUT;

    @CommandLine.Option(
            names = "--json",
            description = "Print {\"version\": ..., \"java\": ..., \"engine\": {...}} for scripts.")
    boolean json;

    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Option(
            names = "--docker-host",
            paramLabel = "URI",
            description = "Engine API address (default: docker.host, else DOCKER_HOST, else /var/run/docker.sock, "
                    + "else /run/podman/podman.sock)")
    String dockerHost;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() {
        return dev.hearth.metrics.BuildInfo.version();
    }

    /** What answers at the engine address, or why nothing was learnt there (never fails the command). */
    record EngineAnswer(String endpoint, EngineInfo info, String error) {}

    private EngineAnswer engine() {
        DockerHookSettings settings;
        try {
            AgentConfig config = options.load();
            settings = DockerAccess.settings(config, dockerHost).withDaemonWait(ENGINE_CALL, Duration.ZERO);
        } catch (RuntimeException e) {
            return new EngineAnswer(null, null, "configuration not loaded: " + e.getMessage());
        }
        String endpoint = settings.resolvedHost(System.getenv());
        try (Engine engine = Engine.connect(settings, System.getenv(), new SimpleMeterRegistry())) {
            return new EngineAnswer(endpoint, engine.info(), null);
        } catch (DockerTlsException e) {
            // its own message names the file or what to check; the JDK's root cause does not
            return new EngineAnswer(endpoint, null, e.getMessage());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            return new EngineAnswer(
                    endpoint,
                    null,
                    "does not answer: "
                            + (root.getMessage() != null
                                    ? root.getMessage()
                                    : root.getClass().getSimpleName()));
        }
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        EngineAnswer engine = engine();
        if (json) {
            var o = dev.hearth.json.Json.object();
            o.put("version", version());
            o.put("java", Runtime.version().toString());
            var e = o.putObject("engine");
            e.put("endpoint", engine.endpoint());
            if (engine.info() != null) {
                e.put("name", engine.info().name());
                e.put("version", engine.info().version());
                e.put("api_version", engine.info().apiVersion());
            } else {
                e.put("error", engine.error());
            }
            out.println(dev.hearth.json.Json.writePretty(o));
        } else {
            out.println("hearth " + version() + " (Java " + Runtime.version() + ")");
            out.println("engine: "
                    + (engine.info() != null
                            ? engine.info().describe()
                            : (engine.endpoint() != null && !engine.error().contains(engine.endpoint())
                                            ? engine.endpoint() + " "
                                            : "")
                                    + engine.error()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hearth " + version()};
        }
    }
}
