package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent with its state directory on a small tmpfs (mounted here, as root) that fills up:
 * a push it cannot persist is refused with 507, work whose records cannot be written waits and is
 * done when space is back, a finished hook's marker never says RUNNING, the episode is logged once
 * and shown on /readyz and in hearth_state_write_failing, and the agent recovers by itself.
 */
class DiskFullTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOKEN = "it-token-diskfull-0123456789";
    private static final Pattern EPISODE = Pattern.compile("cannot write the state directory \\(");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Path state;
    private Path filler;
    private HearthProcess agent;
    private String url;

    @BeforeEach
    void start() throws Exception {
        state = Files.createDirectories(dir.resolve("state"));
        run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", state.toString());
        filler = state.resolve("filler");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                http:
                  listen: 127.0.0.1:%d
                  token_file: %s
                heat_config_deployed_dir: %s
                """.formatted(port, token, dir.resolve("none")));
        agent = HearthProcess.start(
                dir, Map.of(), "agent", "--config", config.toString(), "--state-dir", state.toString());
        await().atMost(WAIT).until(() -> status("/healthz") == 200);
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
            System.out.println("agent output:\n" + agent.stdout() + agent.stderr()); // for a failure's report
        }
        run("umount", "-l", state.toString());
    }

    @Test
    void aPushThatCannotBePersistedIsRefusedAndTheAgentRecoversWhenSpaceIsBack() throws Exception {
        fill();
        HttpResponse<String> refused = post(document(script("full-1", "true")));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
        assertThat(Json.parse(refused.body()).path("error").asText())
                .contains("no space left on device")
                .contains("send it again");
        assertThat(status("/readyz")).isEqualTo(503);
        assertThat(get("/readyz").body()).contains("cannot write the state directory");
        assertThat(get("/metrics").body())
                .contains("hearth_state_write_failing 1.0")
                .containsPattern("hearth_state_write_errors_total [1-9]");
        // Nothing was accepted: nothing shows as queued.
        assertThat(http.send(request("/v1/deployments/full-1").build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        assertThat(post(document(script("full-2", "true"))).statusCode()).isEqualTo(507);

        Files.delete(filler);
        HttpResponse<String> accepted = post(document(script("full-1", "true")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> state("full-1").equals("succeeded"));
        await().atMost(WAIT).until(() -> status("/readyz") == 200);
        assertThat(get("/metrics").body()).contains("hearth_state_write_failing 0.0");
        String log = agent.stdout() + agent.stderr();
        assertThat(EPISODE.matcher(log).results().count()).as(log).isEqualTo(1);
        assertThat(log).contains("the state directory is writable again");
    }

    @Test
    void workWhoseRecordsCannotBeWrittenWaitsAndMarkersTellTheTruth() throws Exception {
        // The first hook fills the disk while it runs: its result, and the next deployment's marker, cannot be written.
        HttpResponse<String> accepted = post(document(
                script("fills", "dd if=/dev/zero of=" + filler + " bs=4096 2>/dev/null; exit 0"),
                script("after", "true")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(WAIT)
                .until(() -> !state("fills").isEmpty()
                        && !state("fills").equals("queued")
                        && !state("fills").equals("running"));
        assertThat(state("fills")).isEqualTo("succeeded");
        await().atMost(WAIT).until(() -> status("/readyz") == 503);
        assertThat(get("/metrics").body()).contains("hearth_state_write_failing 1.0");
        Thread.sleep(4000); // several attempts, one log line
        assertThat(state("fills")).isEqualTo("succeeded");
        assertThat(state("after")).isEqualTo("queued"); // it will run: it waits for the disk
        String during = agent.stdout() + agent.stderr();
        assertThat(EPISODE.matcher(during).results().count()).as(during).isEqualTo(1);

        Files.delete(filler);
        await().atMost(WAIT).until(() -> state("after").equals("succeeded"));
        await().atMost(WAIT).until(() -> status("/readyz") == 200);
        assertThat(Json.parse(Files.readString(state.resolve("deployments/fills.json")))
                        .path("state")
                        .asText())
                .isEqualTo("succeeded");
        assertThat(state.resolve("inbox")).isEmptyDirectory();

        // After a restart the disk says the same: nothing interrupted, nothing run again.
        assertThat(agent.terminate(WAIT)).isZero();
        agent = HearthProcess.start(
                dir,
                Map.of(),
                "agent",
                "--config",
                dir.resolve("agent.yaml").toString(),
                "--state-dir",
                state.toString());
        await().atMost(WAIT).until(() -> status("/healthz") == 200);
        assertThat(state("fills")).isEqualTo("succeeded");
        assertThat(state("after")).isEqualTo("succeeded");
    }

    /** Writes to the tmpfs until it is full. */
    private void fill() throws IOException {
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) out.write(page);
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left");
        }
    }

    private static ObjectNode script(String id, String body) {
        ObjectNode d = Json.object();
        d.put("id", id).put("name", id).put("group", "script").put("config", "#!/bin/sh\n" + body + "\n");
        d.putArray("inputs").addObject().put("name", "deploy_signal_transport").put("value", "NO_SIGNAL");
        return d;
    }

    private static ObjectNode document(ObjectNode... deployments) {
        ObjectNode doc = Json.object();
        ArrayNode list = doc.putArray("deployments");
        for (ObjectNode d : deployments) list.add(d);
        return doc;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(String path) throws Exception {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpResponse<String> post(ObjectNode doc) throws Exception {
        return http.send(
                request("/v1/metadata")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(doc)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The deployment's state as status shows it; empty when unknown. */
    private String state(String id) throws Exception {
        HttpResponse<String> r = get("/v1/deployments/" + id);
        JsonNode body = r.statusCode() == 200 ? Json.parse(r.body()) : Json.object();
        return body.path("state").asText("");
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + ": " + out);
    }
}
