package dev.hearth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What happens on the wire: pipelining order, malformed requests, a probe that throws, shutdown with work in flight. */
class ConnectionBehaviourTest {

    private static RecordingSink slowSink(CountDownLatch entered, CountDownLatch release) {
        return new RecordingSink(d -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RecordingSink.ids(d);
        });
    }

    @Test
    void pipelinedAnswersLeaveInRequestOrderEvenWhenTheFirstIsSlower() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ServerFixture f = ServerFixture.withToken(slowSink(entered, release));
                Socket s = new Socket(f.base.getHost(), f.base.getPort())) {
            String body = "{\"deployments\": [{\"id\": \"slow\"}]}";
            String auth = "Authorization: Bearer " + ServerFixture.TOKEN + "\r\n";
            String two = "POST /v1/metadata HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body
                    + "GET /v1/deployments/d-1 HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(two.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200); // the GET has long been answered by its endpoint; it must wait for the POST's answer
            release.countDown();
            String wire = readAll(s.getInputStream());
            int first = wire.indexOf("HTTP/1.1 202");
            int second = wire.indexOf("HTTP/1.1 200");
            assertThat(first).as(wire).isGreaterThanOrEqualTo(0);
            assertThat(second).as(wire).isGreaterThan(first);
        }
    }

    @Test
    void aRequestNettyCannotDecodeGetsA400AsJson() throws Exception {
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink())) {
            HttpResponse<String> r = f.send(f.request("/v1/deployments", ServerFixture.TOKEN)
                    .header("X-Huge", "h".repeat(20_000))
                    .GET()
                    .build());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(Json.parse(r.body()).path("error").asText()).contains("malformed");
            assertThat(f.get("/healthz", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aReadinessProbeThatThrowsIs503() throws Exception {
        ReadinessProbe broken = () -> {
            throw new IllegalStateException("state store not open");
        };
        ReadinessProbe both = ReadinessProbe.allOf(List.of(() -> List.of(ReadinessCheck.ok("collectors")), broken));
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink(), StubQueries.sample(), both)) {
            HttpResponse<String> r = f.get("/readyz", ServerFixture.TOKEN);
            assertThat(r.statusCode()).isEqualTo(503);
            var checks = Json.parse(r.body()).path("checks");
            assertThat(checks.get(0).path("ok").asBoolean()).isTrue();
            assertThat(checks.get(1).path("ok").asBoolean()).isFalse();
        }
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink(), StubQueries.sample(), broken)) {
            assertThat(f.get("/readyz", ServerFixture.TOKEN).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void closeLetsAPushInFlightFinishThenStopsListening() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServerFixture f = ServerFixture.withToken(slowSink(entered, release));
        try {
            CompletableFuture<HttpResponse<String>> push = f.client.sendAsync(
                    f.request("/v1/metadata", ServerFixture.TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"deployments\": [{\"id\": \"z\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(f.server::close);
            Thread.sleep(200);
            release.countDown();
            assertThat(push.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
            closing.get(10, TimeUnit.SECONDS);
            assertThat(CompletableFuture.supplyAsync(() -> {
                                try (Socket s = new Socket(f.base.getHost(), f.base.getPort())) {
                                    return s.isConnected() ? "connected" : "refused";
                                } catch (Exception e) {
                                    return "refused";
                                }
                            })
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo("refused");
        } finally {
            f.close();
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.US_ASCII);
    }
}
