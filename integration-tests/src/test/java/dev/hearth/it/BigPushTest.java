package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes as large as http.max_body_size allows, to the real agent with the launcher's heap: each is
 * taken or refused with a clear error naming the limit, and the agent lives on.
 */
class BigPushTest {
    private static final String TOKEN = "big-push-token-0123456789";

    @TempDir
    Path dir;

    private HearthProcess agent;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port);
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                http: {listen: "127.0.0.1:%d", token_file: %s}
                heat_config_deployed_dir: %s
                """.formatted(port, token, dir.resolve("none")));
        agent = HearthProcess.start(
                dir,
                Map.of(),
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> status("/healthz") == 200);
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
    }

    private int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private HttpResponse<String> push(String document) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve("/v1/metadata"))
                        .timeout(Duration.ofMinutes(3))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(document))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertAlive() throws Exception {
        String log = agent.stderr();
        assertThat(agent.isAlive())
                .as("the agent exited: %s", log.substring(Math.max(0, log.length() - 2000)))
                .isTrue();
        assertThat(status("/healthz")).isEqualTo(200);
        assertThat(log).doesNotContain("OutOfMemoryError");
    }

    @Test
    void aFifteenMebibytePushOfSixtyThousandDeploymentsIsTakenAndTheAgentLivesOn() throws Exception {
        String doc = BigDocuments.smallDeployments(60_000, 15L << 20);
        assertThat(doc.length()).isBetween((int) (14.5 * (1 << 20)), 16 << 20);

        HttpResponse<String> r = push(doc);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(Json.parse(r.body()).get("accepted").size()).isEqualTo(60_000);
        // The agent runs them: the first ones finish while the rest wait.
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(dir.resolve("state/deployments/d-000003.json")));
        assertAlive();
    }

    @Test
    void applyRefusesADocumentOverTheLimitsWithTheLimitsName() throws Exception {
        Path doc = dir.resolve("many.json");
        Files.writeString(doc, BigDocuments.tinyDeployments(11));
        Path config = dir.resolve("apply.yaml");
        Files.writeString(config, "limits: {max_deployments: 10}\n");
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                null,
                Duration.ofMinutes(2),
                "apply",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("apply-state").toString(),
                doc.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("hearth apply: the document has 11 deployments, more than limits.max_deployments (10)");
        assertThat(dir.resolve("apply-state/deployments/t0.json")).doesNotExist();
    }

    @Test
    void documentsOverTheLimitsAreRefusedWithTheLimitsName() throws Exception {
        HttpResponse<String> many = push(BigDocuments.tinyDeployments(100_001));
        assertThat(many.statusCode()).as(many.body()).isEqualTo(413);
        JsonNode body = Json.parse(many.body());
        assertThat(body.get("limit").asText()).isEqualTo("limits.max_deployments");
        assertThat(body.get("error").asText())
                .isEqualTo("the document has 100001 deployments, more than limits.max_deployments (100000)");

        HttpResponse<String> dense = push(BigDocuments.denseOutputs(700_000));
        assertThat(dense.statusCode()).as(dense.body()).isEqualTo(413);
        assertThat(Json.parse(dense.body()).get("limit").asText()).isEqualTo("limits.max_json_tokens");
        assertAlive();

        // 100,000 declared outputs are within the limits: taken, and run.
        HttpResponse<String> outputs = push(BigDocuments.declaredOutputs(100_000));
        assertThat(outputs.statusCode()).as(outputs.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(dir.resolve("state/deployments/outputs-1.json")));
        assertAlive();
    }
}
