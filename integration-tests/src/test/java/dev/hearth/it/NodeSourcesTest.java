package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node, several sources, with the real agent and the real dockerd: a node polls a local
 * collector that carries a docker-cmd deployment, and other documents arrive by push or by
 * `hearth apply`. Nothing that another source sends, nor a restart with the collector down, removes
 * the polled container; it goes when its own source stops listing it.
 */
class NodeSourcesTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String IMAGE = "hearth-test/busybox:latest";
    private static final String TOKEN = "it-token-sources-0123456789";

    @TempDir
    Path dir;

    private final String stack = "it-src-" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<HearthProcess> agents = new ArrayList<>();
    private Path local;
    private Path config;
    private Path state;
    private String url;

    @BeforeEach
    void setUp() throws Exception {
        local = Files.createDirectories(dir.resolve("local"));
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rwx------"));
        state = dir.resolve("state");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                http:
                  listen: 127.0.0.1:%d
                  token_file: %s
                polling: {min_interval: 200ms, max_interval: 1s}
                heat_config_deployed_dir: %s
                collectors: [local]
                local:
                  path: [%s]
                """.formatted(port, token, dir.resolve("none"), local));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (HearthProcess a : agents) {
            a.close();
            System.out.println("agent output:\n" + a.stdout() + a.stderr()); // for a failure's report
        }
        for (String id : docker("ps", "-aq", "--filter", "label=deploy_stack_id=" + stack + "/x")
                .split("\\s+", -1)) {
            if (!id.isBlank()) docker("rm", "-f", id);
        }
    }

    @Test
    void aPushReplacesOnlyThePushedDocumentAndADeploymentLeavesWithItsSource() throws Exception {
        writeLocal(document(containers("poll-1", "polled")));
        startAgent();
        await().atMost(WAIT).until(() -> !containerId("polled").isEmpty());
        String polled = containerId("polled");
        assertThat(deployment("poll-1").path("source").asText()).isEqualTo("local");

        HttpResponse<String> push = post(document(script("push-1")));
        assertThat(push.statusCode()).as(push.body()).isEqualTo(202);
        assertThat(Json.parse(push.body()).path("replaces").asText()).contains("previously pushed document only");
        await().atMost(WAIT)
                .until(() -> deployment("push-1").path("state").asText().equals("succeeded"));
        assertThat(deployment("push-1").path("source").asText()).isEqualTo("push");
        Thread.sleep(2000); // several polls and a cleanup pass
        assertThat(containerId("polled")).isEqualTo(polled);

        // A pushed docker-cmd deployment, then a push without it: the pushed container goes, the polled one stays.
        assertThat(post(document(containers("push-2", "pushed"))).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> !containerId("pushed").isEmpty());
        assertThat(post(document(script("push-3"))).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> containerId("pushed").isEmpty());
        assertThat(containerId("polled")).isEqualTo(polled);

        HearthProcess.Result status = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "status",
                "--url",
                url,
                "--token-file",
                dir.resolve("token").toString());
        assertThat(status.stdout()).contains("SOURCE");
        assertThat(status.stdout()
                        .lines()
                        .filter(l -> l.startsWith("poll-1"))
                        .findFirst()
                        .orElseThrow())
                .contains("local");

        // The collector stops listing it: now it goes.
        writeLocal(document());
        await().atMost(WAIT).until(() -> containerId("polled").isEmpty());
    }

    @Test
    void aRestartWithTheCollectorDownKeepsWhatItLastListed() throws Exception {
        writeLocal(document(containers("poll-1", "polled")));
        HearthProcess first = startAgent();
        await().atMost(WAIT).until(() -> !containerId("polled").isEmpty());
        String polled = containerId("polled");
        assertThat(first.terminate(WAIT)).isZero();
        assertThat(state.resolve("sources/local.json")).exists();

        // Down after the restart (a world-writable directory is refused): its saved document still counts.
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rwxrwxrwx"));
        HearthProcess second = startAgent();
        assertThat(post(document(script("push-1"))).statusCode()).isEqualTo(202);
        await().atMost(WAIT)
                .until(() -> deployment("push-1").path("state").asText().equals("succeeded"));
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> containerId("polled").equals(polled));
        assertThat(second.terminate(WAIT)).isZero();

        // No saved document either (a state directory from before this version): the view is incomplete,
        // nothing that left it is removed until the collector answers.
        deleteTree(state.resolve("sources"));
        HearthProcess third = startAgent();
        assertThat(post(document(script("push-2"))).statusCode()).isEqualTo(202);
        await().atMost(WAIT)
                .until(() -> deployment("push-2").path("state").asText().equals("succeeded"));
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> containerId("polled").equals(polled));
        assertThat(third.stdout() + third.stderr())
                .contains("not removing anything that left the metadata")
                .contains("[local]");

        // Back: it lists the deployment, which stays; then it stops listing it, which goes.
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rwx------"));
        await().atMost(WAIT).until(() -> Files.exists(state.resolve("sources/local.json")));
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> containerId("polled").equals(polled));
        writeLocal(document());
        await().atMost(WAIT).until(() -> containerId("polled").isEmpty());
    }

    @Test
    void applyWithAnotherStateDirectoryLeavesTheLiveAgentsContainers() throws Exception {
        writeLocal(document(containers("poll-1", "polled")));
        startAgent();
        await().atMost(WAIT).until(() -> !containerId("polled").isEmpty());
        String polled = containerId("polled");

        Path other = dir.resolve("other.json");
        Files.writeString(other, Json.write(document(script("apply-1"))));
        HearthProcess.Result apply = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "apply",
                "--state-dir",
                dir.resolve("other-state").toString(),
                other.toString());
        assertThat(apply.exitCode()).as(apply.stdout() + apply.stderr()).isZero();
        assertThat(containerId("polled")).isEqualTo(polled);

        // Its own containers are still its own to remove.
        Files.writeString(other, Json.write(document(containers("apply-2", "applied"))));
        HearthProcess.Result create = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "apply",
                "--state-dir",
                dir.resolve("other-state").toString(),
                other.toString());
        assertThat(create.exitCode()).as(create.stdout() + create.stderr()).isZero();
        assertThat(containerId("applied")).isNotEmpty();
        Files.writeString(other, Json.write(document(script("apply-3"))));
        HearthProcess.Result remove = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "apply",
                "--state-dir",
                dir.resolve("other-state").toString(),
                other.toString());
        assertThat(remove.exitCode()).as(remove.stdout() + remove.stderr()).isZero();
        assertThat(containerId("applied")).isEmpty();
        assertThat(containerId("polled")).isEqualTo(polled);
    }

    private HearthProcess startAgent() throws Exception {
        HearthProcess agent = HearthProcess.start(
                dir, Map.of(), "agent", "--config", config.toString(), "--state-dir", state.toString());
        agents.add(agent);
        await().atMost(WAIT).until(() -> {
            try {
                return http.send(
                                        HttpRequest.newBuilder(URI.create(url + "/healthz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return agent;
    }

    private void writeLocal(ObjectNode doc) throws Exception {
        Path tmp = local.resolve(".metadata.tmp");
        Files.writeString(tmp, Json.write(doc));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, local.resolve("metadata.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private ObjectNode containers(String id, String container) {
        ObjectNode d = Json.object();
        d.put("id", id).put("name", container + "_deployment").put("group", "docker-cmd");
        ObjectNode c = d.putObject("config").putObject(container);
        c.put("image", IMAGE).put("net", "none");
        c.putArray("command").add("sleep").add("3600");
        ArrayNode inputs = d.putArray("inputs");
        inputs.addObject().put("name", "deploy_action").put("value", "CREATE");
        inputs.addObject().put("name", "deploy_stack_id").put("value", stack + "/x");
        inputs.addObject().put("name", "deploy_resource_name").put("value", container + "_deployment");
        inputs.addObject().put("name", "deploy_signal_transport").put("value", "NO_SIGNAL");
        return d;
    }

    private static ObjectNode script(String id) {
        ObjectNode d = Json.object();
        d.put("id", id).put("name", id).put("group", "script").put("config", "#!/bin/sh\ntrue\n");
        d.putArray("inputs").addObject().put("name", "deploy_signal_transport").put("value", "NO_SIGNAL");
        return d;
    }

    private static ObjectNode document(ObjectNode... deployments) {
        ObjectNode doc = Json.object();
        ArrayNode list = doc.putArray("deployments");
        for (ObjectNode d : deployments) list.add(d);
        return doc;
    }

    private HttpResponse<String> post(ObjectNode doc) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/metadata"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(doc)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode deployment(String id) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/deployments/" + id))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Json.parse(r.body()) : Json.object();
    }

    private String containerId(String name) throws Exception {
        return docker(
                "ps",
                "-aq",
                "--filter",
                "label=deploy_stack_id=" + stack + "/x",
                "--filter",
                "label=container_name=" + name);
    }

    /** The docker CLI, in test code only, to look at what Hearth did (main code never uses it). */
    private static String docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError("docker " + String.join(" ", args) + ": " + out);
        return out.strip();
    }

    private static void deleteTree(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
