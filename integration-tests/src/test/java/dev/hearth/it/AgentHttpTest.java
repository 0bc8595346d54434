package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import dev.hearth.testing.FakeControlPlane;
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

/** The real agent over HTTP: push → hook runs → signal sent → status shows it; auth; limits; SIGHUP; SIGTERM. */
class AgentHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOKEN = "it-token-0123456789abcdef";

    @TempDir
    Path dir;

    private FakeControlPlane plane;
    private HearthProcess agent;
    private String url;
    private Path config;
    private Path tokenFile;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        plane = FakeControlPlane.start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        config = dir.resolve("agent.yaml");
        Files.writeString(config, baseConfig(port, ""));
        agent = HearthProcess.start(
                dir,
                Map.of(),
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
        await().atMost(WAIT).until(() -> get("/healthz", null).statusCode() == 200);
    }

    private String baseConfig(int port, String extra) {
        return """
                http:
                  listen: 127.0.0.1:%d
                  token_file: %s
                  max_body_size: 65536
                signals: {initial_backoff: 100ms, max_backoff: 500ms, timeout: 5s}
                polling: {min_interval: 200ms, max_interval: 1s}
                heat_config_deployed_dir: %s
                %s
                """.formatted(port, tokenFile, dir.resolve("none"), extra);
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
        plane.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return new Failed(e);
        }
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pushRunsTheHookSignalsAndStatusShowsIt() throws Exception {
        Metadata md = new Metadata(plane);
        md.script("h-1", "dep_h1", "HEAT_SIGNAL", Metadata.ECHO);
        md.ungrouped("h-data", "settings");
        Path doc = dir.resolve("doc.json");
        Files.writeString(doc, md.json());

        HearthProcess.Result push = HearthProcess.run(
                dir, Map.of(), null, WAIT, "push", doc.toString(), "--url", url, "--token-file", tokenFile.toString());
        assertThat(push.exitCode()).as(push.stderr()).isZero();
        assertThat(push.stdout()).contains("h-1");

        await().atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_h1").size() == 1);
        await().atMost(WAIT)
                .until(() -> Json.parse(get("/v1/deployments/h-1", TOKEN).body())
                        .path("signal")
                        .path("state")
                        .asText()
                        .equals("delivered"));

        HearthProcess.Result status = HearthProcess.run(
                dir, Map.of(), null, WAIT, "status", "--json", "--url", url, "--token-file", tokenFile.toString());
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        JsonNode list = Json.parse(status.stdout());
        JsonNode first = list.isArray() ? list.get(0) : list.path("deployments").get(0);
        assertThat(first.get("id").asText()).isEqualTo("h-1");
        assertThat(first.get("state").asText()).isEqualTo("succeeded");
        assertThat(status.stdout()).doesNotContain(FakeControlPlane.PASSWORD);

        HearthProcess.Result table = HearthProcess.run(
                dir, Map.of(), null, WAIT, "status", "--url", url, "--token-file", tokenFile.toString());
        assertThat(table.stdout()).contains("h-1").contains("succeeded").doesNotContain("\u001b[");

        // The same document again: accepted, nothing to run, nothing signalled twice.
        HttpResponse<String> again = post("/v1/metadata", md.json(), TOKEN);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(Json.parse(again.body()).path("accepted")).isEmpty();
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_h1").size() == 1);

        String metrics = get("/metrics", TOKEN).body();
        assertThat(metrics)
                .contains("hearth_deployments_total{group=\"script\",result=\"succeeded\"} 1.0")
                .contains("hearth_signals_total")
                .contains("hearth_hook_duration_seconds_bucket");
    }

    @Test
    void aFreshPushOnlyAgentExportsResultCountersAtZeroItsBuildAndNoLastPollTime() throws Exception {
        String metrics = get("/metrics", TOKEN).body();
        assertThat(metrics)
                .contains("hearth_deployments_total{group=\"puppet\",result=\"failed\"} 0.0")
                .contains("hearth_deployments_total{group=\"docker-cmd\",result=\"interrupted\"} 0.0")
                .contains("hearth_signals_total{result=\"given_up\",transport=\"HEAT_SIGNAL\"} 0.0")
                .contains("hearth_signals_total{result=\"expired\",transport=\"CFN_SIGNAL\"} 0.0")
                .containsPattern("hearth_build_info\\{java=\"[0-9.]+\",version=\"[^\"]+\"} 1")
                .doesNotContain("hearth_poll_last_success_time_seconds");
    }

    @Test
    void aSecondProcessOnTheSameStateDirectoryIsRefused() throws Exception {
        Path doc = dir.resolve("doc.json");
        Files.writeString(
                doc,
                "{\"deployments\": [{\"id\": \"lock-1\", \"group\": \"script\", \"config\": \"#!/bin/sh\\ntrue\"}]}");
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "apply",
                "--state-dir",
                dir.resolve("state").toString(),
                doc.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("is in use by another hearth process").contains("pid " + agent.pid());
        assertThat(dir.resolve("state/deployments/lock-1.json")).doesNotExist();
    }

    @Test
    void authLimitsAndBadDocuments() throws Exception {
        assertThat(get("/v1/deployments", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/deployments", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(get("/readyz", TOKEN).statusCode()).isEqualTo(200);

        HttpResponse<String> malformed = post("/v1/metadata", "{\"deployments\": [", TOKEN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        HttpResponse<String> invalid = post("/v1/metadata", "{\"deployments\": [{\"id\": \"a\"}, {\"id\": 3}]}", TOKEN);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("$.deployments[1].id");
        HttpResponse<String> huge =
                post("/v1/metadata", "{\"deployments\": [], \"pad\": \"" + "x".repeat(70_000) + "\"}", TOKEN);
        assertThat(huge.statusCode()).isEqualTo(413);
        // Deeper than the parser allows but far from the token limit: the document's shape is named,
        // not a size limit it is nowhere near.
        HttpResponse<String> deep = post(
                "/v1/metadata",
                "{\"deployments\": [{\"id\": \"a\", \"options\": " + "[".repeat(2000) + "]".repeat(2000) + "}]}",
                TOKEN);
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(deep.body()).contains("nesting depth").doesNotContain("max_json_tokens");
        assertThat(agent.isAlive()).isTrue();
    }

    @Test
    void sighupReloadsCollectorsAndSigtermExitsZero() throws Exception {
        Metadata md = new Metadata(plane);
        md.script("u-1", "dep_u1", "HEAT_SIGNAL", Metadata.ECHO);
        plane.heatMetadata(FakeControlPlane.STACK_ID, "server1", md.document());
        int port = URI.create(url).getPort();
        Files.writeString(config, baseConfig(port, Metadata.heatCollector(plane)));
        agent.signal("HUP");
        await().atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_u1").size() == 1);

        // A broken config on SIGHUP keeps the running one.
        Files.writeString(config, "polling: {min_interval: never}\n");
        agent.signal("HUP");
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(agent::isAlive);
        assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> agent.stderr().contains("configuration not reloaded"));

        assertThat(agent.terminate(Duration.ofSeconds(60))).isZero();
    }

    /** A connection failure as a response, so that awaits can poll before the server is up. */
    private record Failed(Exception cause) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return -1;
        }

        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return null;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
