package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.it.HearthProcess;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One "deployed server": a directory, an agent.yaml made by {@code hearth configure} from the
 * server's metadata as Heat gives it, and the real {@code hearth agent} process.
 */
final class Node implements AutoCloseable {
    final Path dir;
    final Path config;
    private final List<String> prefix;
    private HearthProcess agent;

    Node(Path dir) {
        this(dir, List.of());
    }

    /** @param prefix how to start the agent, e.g. in a node's mount namespace ({@link NodeEngines.Engine#enter()}) */
    Node(Path dir, List<String> prefix) {
        this.dir = dir;
        this.config = dir.resolve("agent.yaml");
        this.prefix = List.copyOf(prefix);
    }

    /**
     * {@code hearth configure --from-metadata md.json --base base.yaml --output agent.yaml}.
     *
     * @param extraYaml top-level sections that replace the base's (e.g. {@code http: {listen: ...}})
     */
    Node configure(JsonNode serverMetadata, String extraYaml) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path md = dir.resolve("server-metadata.json");
        Files.writeString(md, Json.writePretty(serverMetadata));
        Path base = dir.resolve("base.yaml");
        ObjectNode baseYaml = (ObjectNode) Json.yaml().readTree("""
                state_dir: %s
                heat_config_deployed_dir: %s
                polling: {min_interval: 1s, max_interval: 2s}
                signals: {initial_backoff: 500ms, max_backoff: 2s, timeout: 10s}
                hooks: {timeout: 120s}
                local: {path: [%s]}
                http: {listen: ""}
                """.formatted(
                        dir.resolve("state"), dir.resolve("no-heat-config"), dir.resolve("local-data")));
        if (extraYaml != null) baseYaml.setAll((ObjectNode) Json.yaml().readTree(extraYaml));
        Files.writeString(base, Json.yaml().writeValueAsString(baseYaml));
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                null,
                Duration.ofSeconds(60),
                "configure",
                "--from-metadata",
                md.toString(),
                "--base",
                base.toString(),
                "--output",
                config.toString());
        assertThat(r.exitCode()).as("hearth configure: %s", r.stderr()).isZero();
        return this;
    }

    Node start() throws IOException {
        agent = HearthProcess.start(dir, Map.of(), prefix, "agent", "--config", config.toString());
        return this;
    }

    HearthProcess agent() {
        return agent;
    }

    dev.hearth.config.AgentConfig agentConfig() {
        return new dev.hearth.config.ConfigLoader().load(config, true);
    }

    String log() {
        try {
            return agent == null ? "" : agent.stderr() + agent.stdout();
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    HearthProcess.Result hearth(String... args) throws IOException, InterruptedException {
        return HearthProcess.run(dir, Map.of(), null, Duration.ofSeconds(60), args);
    }

    /** {@code hearth status --json}: the agent's deployments (the agent must serve http). */
    JsonNode status() throws IOException, InterruptedException {
        HearthProcess.Result r = hearth("status", "--json", "--config", config.toString());
        if (r.exitCode() != 0) throw new AssertionError("hearth status in " + dir + ": " + r.stderr());
        return Json.parse(r.stdout());
    }

    @Override
    public void close() throws InterruptedException {
        if (agent != null && agent.isAlive()) agent.terminate(Duration.ofSeconds(20));
    }
}
