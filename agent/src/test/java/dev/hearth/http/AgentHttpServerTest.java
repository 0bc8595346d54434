package dev.hearth.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.InvalidDeploymentException;
import dev.hearth.json.Json;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentHttpServerTest {
    private static final String TWO = """
            {"deployments": [
              {"id": "a1", "group": "script", "name": "one", "config": "echo 1"},
              {"id": "b2", "group": "script", "name": "two", "config": "echo 2"}
            ]}""";

    @Test
    void pushIsHandedToTheSinkOnAVirtualThreadAndAnswers202WithTheIds() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (ServerFixture f = ServerFixture.withToken(sink)) {
            HttpResponse<String> r = f.post("/v1/metadata", TWO, ServerFixture.TOKEN);

            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(Json.parse(r.body()).path("accepted")).isEqualTo(Json.parse("[\"a1\", \"b2\"]"));
            assertThat(Json.parse(r.body()).path("source").asText()).isEqualTo("push");
            assertThat(Json.parse(r.body()).path("replaces").asText()).contains("previously pushed document only");
            assertThat(sink.calls).hasSize(1);
            assertThat(sink.calls.getFirst().document()).isEqualTo(Json.parse(TWO));
            assertThat(sink.calls.getFirst().thread().isVirtual()).isTrue();
        }
    }

    @Test
    void aPushThatCannotBePersistedIs507OnAFullDiskAnd503Otherwise() throws Exception {
        for (boolean full : List.of(true, false)) {
            RecordingSink sink = new RecordingSink(doc -> {
                throw new dev.hearth.deploy.StateUnavailableException("cannot be persisted (why)", full, null);
            });
            try (ServerFixture f = ServerFixture.withToken(sink)) {
                HttpResponse<String> r = f.post("/v1/metadata", TWO, ServerFixture.TOKEN);
                assertThat(r.statusCode()).isEqualTo(full ? 507 : 503);
                assertThat(Json.parse(r.body()).path("error").asText()).isEqualTo("cannot be persisted (why)");
            }
        }
    }

    @Test
    void anInvalidDeploymentIs400WithTheJsonPathOfTheProblem() throws Exception {
        RecordingSink sink = new RecordingSink(d -> {
            throw new InvalidDeploymentException("$.deployments[1].id", "missing");
        });
        try (ServerFixture f = ServerFixture.withToken(sink)) {
            HttpResponse<String> r = f.post("/v1/metadata", TWO, ServerFixture.TOKEN);

            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode body = Json.parse(r.body());
            assertThat(body.path("path").asText()).isEqualTo("$.deployments[1].id");
            assertThat(body.path("error").asText()).contains("missing");
        }
    }

    @Test
    void malformedJsonIs400WithTheParsersLocationAndNeverReachesTheSink() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (ServerFixture f = ServerFixture.withToken(sink)) {
            HttpResponse<String> r =
                    f.post("/v1/metadata", "{\"deployments\": [\n  {\"id\": }\n]}", ServerFixture.TOKEN);

            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode body = Json.parse(r.body());
            assertThat(body.path("error").asText()).startsWith("malformed JSON");
            assertThat(body.path("line").asInt()).isEqualTo(2);
            assertThat(body.path("column").asInt()).isPositive();

            assertThat(f.post("/v1/metadata", "", ServerFixture.TOKEN).statusCode())
                    .isEqualTo(400);
            assertThat(f.post("/v1/metadata", "\"text\"", ServerFixture.TOKEN).statusCode())
                    .isEqualTo(400);
            assertThat(f.post("/v1/metadata", "{} {}", ServerFixture.TOKEN).statusCode())
                    .isEqualTo(400);
            assertThat(sink.calls).isEmpty();
        }
    }

    @Test
    void aBodyOverTheLimitIs413AsJsonWhetherItsLengthIsDeclaredOrChunked() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (ServerFixture f = ServerFixture.withToken(sink)) { // limit 4096
            String big = "{\"deployments\": [], \"pad\": \"" + "x".repeat(5000) + "\"}";
            HttpResponse<String> declared = f.post("/v1/metadata", big, ServerFixture.TOKEN);
            assertThat(declared.statusCode()).isEqualTo(413);
            assertThat(Json.parse(declared.body()).path("error").asText()).contains("max_body_size");

            HttpResponse<String> chunked = f.send(f.request("/v1/metadata", ServerFixture.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                    .build());
            assertThat(chunked.statusCode()).isEqualTo(413);
            assertThat(Json.parse(chunked.body()).path("error").asText()).contains("max_body_size");

            // The connection pool still works after refusals, and a body at the limit passes.
            String fits = "{\"deployments\": [], \"pad\": \"" + "x".repeat(4000) + "\"}";
            assertThat(f.post("/v1/metadata", fits, ServerFixture.TOKEN).statusCode())
                    .isEqualTo(202);
            assertThat(sink.calls).hasSize(1);
        }
    }

    @Test
    void everyEndpointButHealthzNeedsTheToken() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (ServerFixture f = ServerFixture.withToken(sink)) {
            for (String path : List.of("/v1/deployments", "/v1/deployments/d-1", "/metrics", "/readyz", "/nowhere")) {
                HttpResponse<String> missing = f.get(path, null);
                assertThat(missing.statusCode()).as(path).isEqualTo(401);
                assertThat(missing.headers().firstValue("WWW-Authenticate"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(Json.parse(missing.body()).path("error").asText()).isNotEmpty();
                assertThat(f.get(path, "wrong").statusCode()).as(path).isEqualTo(401);
            }
            assertThat(f.post("/v1/metadata", TWO, null).statusCode()).isEqualTo(401);
            assertThat(f.post("/v1/metadata", TWO, ServerFixture.TOKEN + "x").statusCode())
                    .isEqualTo(401);
            assertThat(f.send(f.request("/v1/deployments", null)
                                    .header("Authorization", "Basic " + ServerFixture.TOKEN)
                                    .GET()
                                    .build())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(sink.calls).isEmpty();

            assertThat(f.get("/healthz", null).statusCode()).isEqualTo(200);
            assertThat(Json.parse(f.get("/healthz", null).body()).path("status").asText())
                    .isEqualTo("ok");
            assertThat(f.get("/v1/deployments", ServerFixture.TOKEN).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void deploymentsAreListedNewestFirstAndFoundById() throws Exception {
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink())) {
            HttpResponse<String> list = f.get("/v1/deployments", ServerFixture.TOKEN);
            assertThat(list.statusCode()).isEqualTo(200);
            JsonNode items = Json.parse(list.body());
            assertThat(items.isArray()).isTrue();
            assertThat(items.get(0).path("id").asText()).isEqualTo("d-2");
            assertThat(items.get(0).path("state").asText()).isEqualTo("failed");
            assertThat(items.get(0).path("finished_at").asText()).isEqualTo("2026-05-01T10:01:10Z");
            assertThat(items.get(0).path("signal").path("state").asText()).isEqualTo("pending");
            assertThat(items.get(0).path("signal").path("attempts").asInt()).isEqualTo(3);
            assertThat(items.get(1).path("id").asText()).isEqualTo("d-1");

            HttpResponse<String> one = f.get("/v1/deployments/d-1", ServerFixture.TOKEN);
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(Json.parse(one.body()).path("group").asText()).isEqualTo("docker-cmd");

            HttpResponse<String> unknown = f.get("/v1/deployments/nope", ServerFixture.TOKEN);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(Json.parse(unknown.body()).path("error").asText()).contains("nope");
        }
    }

    @Test
    void wrongMethodsAre405WithAllowAndUnknownPathsAre404AsJson() throws Exception {
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink())) {
            HttpResponse<String> get = f.get("/v1/metadata", ServerFixture.TOKEN);
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).hasValue("POST");
            assertThat(Json.parse(get.body()).path("error").asText()).contains("GET");

            HttpResponse<String> delete = f.send(f.request("/v1/deployments/d-1", ServerFixture.TOKEN)
                    .DELETE()
                    .build());
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(delete.headers().firstValue("Allow")).hasValue("GET");

            HttpResponse<String> missing = f.get("/v2/whatever", ServerFixture.TOKEN);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(Json.parse(missing.body()).path("error").asText()).isNotEmpty();
            assertThat(f.get("/v1/deployments/", ServerFixture.TOKEN).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void readyzIs503WithTheFailingChecksAnd200WhenAllHold() throws Exception {
        ReadinessProbe failing = () -> List.of(
                ReadinessCheck.ok("state_loaded"),
                ReadinessCheck.failed("docker", "cannot reach unix:///var/run/docker.sock"));
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink(), StubQueries.sample(), failing)) {
            HttpResponse<String> r = f.get("/readyz", ServerFixture.TOKEN);
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode body = Json.parse(r.body());
            assertThat(body.path("ready").asBoolean()).isFalse();
            assertThat(body.path("checks").get(1).path("name").asText()).isEqualTo("docker");
            assertThat(body.path("checks").get(1).path("detail").asText()).contains("docker.sock");
        }
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink())) {
            HttpResponse<String> r = f.get("/readyz", ServerFixture.TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Json.parse(r.body()).path("ready").asBoolean()).isTrue();
        }
    }

    @Test
    void aFailingSinkIs500AsJsonAndTheServerCarriesOn() throws Exception {
        RecordingSink sink = new RecordingSink(d -> {
            throw new IllegalStateException("disk full");
        });
        try (ServerFixture f = ServerFixture.withToken(sink)) {
            HttpResponse<String> r = f.post("/v1/metadata", TWO, ServerFixture.TOKEN);
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(Json.parse(r.body()).path("error").asText()).doesNotContain("disk full");
            assertThat(f.get("/healthz", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aSlowSinkDoesNotHoldUpOtherRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink(d -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        });
        try (ServerFixture f = ServerFixture.withToken(sink)) {
            var slow = f.client.sendAsync(
                    f.request("/v1/metadata", ServerFixture.TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString(TWO))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            // Meanwhile the event loop still answers.
            for (int i = 0; i < 20; i++)
                assertThat(f.get("/v1/deployments", ServerFixture.TOKEN).statusCode())
                        .isEqualTo(200);
            assertThat(slow).isNotDone();
            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void requestsAreCountedByRouteTemplateAndStatus() throws Exception {
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink())) {
            f.get("/v1/deployments/d-1", ServerFixture.TOKEN);
            f.get("/v1/deployments/d-2", ServerFixture.TOKEN);
            f.get("/v1/deployments/d-3", null);
            f.get("/whatever", ServerFixture.TOKEN);

            String text = f.get("/metrics", ServerFixture.TOKEN).body();
            assertThat(text).contains("hearth_http_requests_total{route=\"/v1/deployments/{id}\",status=\"200\"} 2.0");
            assertThat(text).contains("hearth_http_requests_total{route=\"/v1/deployments/{id}\",status=\"401\"} 1.0");
            assertThat(text).contains("hearth_http_requests_total{route=\"unmatched\",status=\"404\"} 1.0");
            assertThat(text).doesNotContain("d-1");
        }
    }
}
