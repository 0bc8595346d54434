package dev.hearth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.docker.ContainerEngine;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.Engine;
import dev.hearth.docker.EngineContainer;
import dev.hearth.docker.Labels;
import dev.hearth.json.Json;
import dev.hearth.text.TextTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hearth containers}: the containers Hearth manages (and the legacy ones it may adopt). */
@Command(
        name = "containers",
        mixinStandardHelpOptions = true,
        description = "List managed containers with config id, state, health, image and created time.")
public final class ContainersCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(
            names = "--docker-host",
            description =
                    "Engine API address (default: docker.host, else DOCKER_HOST, else /var/run/docker.sock, else /run/podman/podman.sock)")
    String dockerHost;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--all", description = "also containers of docker-cmd and paunch (managed_by other than hearth)")
    boolean all;

    @Spec
    CommandSpec spec;

    public ContainersCommand() {}

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        DockerHookSettings settings = DockerAccess.settings(options.load(), dockerHost);
        List<EngineContainer> containers;
        Map<String, String> health;
        try (Engine engine = Engine.connect(settings, System.getenv(), new SimpleMeterRegistry())) {
            containers = engine.listManaged().stream()
                    .filter(c -> all || settings.managedBy().equals(c.label(Labels.MANAGED_BY)))
                    .sorted(Comparator.comparing(EngineContainer::name))
                    .toList();
            health = health(engine, containers);
        } catch (RuntimeException e) {
            throw DockerAccess.explain(e, settings, System.getenv());
        }
        if (json) {
            ArrayNode out = Json.nodes().arrayNode();
            for (EngineContainer c : containers) {
                ObjectNode o = out.addObject();
                o.put("name", c.name());
                o.put("container_name", c.label(Labels.CONTAINER_NAME));
                o.put("managed_by", c.label(Labels.MANAGED_BY));
                o.put("config_id", c.label(Labels.CONFIG_ID));
                o.put("deploy_stack_id", c.label(Labels.STACK_ID));
                o.put("deploy_resource_name", c.label(Labels.RESOURCE_NAME));
                o.put("state", c.state());
                o.put("status", c.status());
                o.put("health", health.get(c.id()));
                c.exitCode().ifPresent(code -> o.put("exit_code", code));
                o.put("image", c.image());
                o.put("image_id", c.imageId());
                o.put("created", Instant.ofEpochSecond(c.created()).toString());
            }
            stdout.println(Json.writePretty(out));
            stdout.flush();
            return 0;
        }
        stdout.print(table(containers, health).render());
        stdout.flush();
        return 0;
    }

    /**
     * Health by container id. dockerd's list says it in each status ("Up 2 minutes (healthy)");
     * podman's does not, so there each running container is inspected.
     */
    static Map<String, String> health(ContainerEngine engine, List<EngineContainer> containers) {
        Map<String, String> health = new HashMap<>();
        boolean podman = containers.stream().anyMatch(EngineContainer::isRunning)
                && engine.info().podman();
        for (EngineContainer c : containers) {
            String h = c.health().orElse(null);
            if (h == null && podman && c.isRunning()) h = engine.state(c.id()).health();
            if (h != null && !h.isEmpty()) health.put(c.id(), h);
        }
        return health;
    }

    /** The table with the health each status tells (dockerd's). */
    static TextTable table(List<EngineContainer> containers) {
        Map<String, String> health = new HashMap<>();
        for (EngineContainer c : containers) c.health().ifPresent(h -> health.put(c.id(), h));
        return table(containers, health);
    }

    static TextTable table(List<EngineContainer> containers, Map<String, String> health) {
        TextTable table = new TextTable("NAME", "CONFIG ID", "STATE", "HEALTH", "IMAGE", "CREATED");
        for (EngineContainer c : containers) {
            String state =
                    c.state() + c.exitCode().map(code -> "(" + code + ")").orElse("");
            table.row(
                    c.name(),
                    c.label(Labels.CONFIG_ID),
                    state,
                    health.getOrDefault(c.id(), "-"),
                    c.image(),
                    Instant.ofEpochSecond(c.created()).toString());
        }
        return table;
    }
}
