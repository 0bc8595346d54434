package dev.hearth.http;

import dev.hearth.deploy.DeploymentQueries;
import dev.hearth.deploy.MetadataSink;
import dev.hearth.metrics.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/** A real {@link AgentHttpServer} on 127.0.0.1:0 and a JDK client talking to it. */
final class ServerFixture implements AutoCloseable {
    static final String TOKEN = "s3cr3t-t0ken-" + Long.toHexString(System.nanoTime());

    final Metrics metrics = new Metrics();
    final AgentHttpServer server;
    final HttpClient client;
    final URI base;

    ServerFixture(
            HttpServerSettings settings,
            MetadataSink sink,
            DeploymentQueries queries,
            ReadinessProbe probe,
            SSLContext clientTls) {
        server = new AgentHttpServer(settings, sink, queries, metrics.registry(), probe);
        server.start();
        base = server.baseUri();
        HttpClient.Builder b =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (clientTls != null) b.sslContext(clientTls);
        client = b.build();
    }

    static HttpServerSettings loopback(BearerAuth token, TlsSettings tls, int maxBody) {
        return new HttpServerSettings(new ListenAddress("127.0.0.1", 0), token, tls, maxBody);
    }

    static ServerFixture withToken(MetadataSink sink, DeploymentQueries queries, ReadinessProbe probe) {
        return new ServerFixture(loopback(new BearerAuth(TOKEN), null, 4096), sink, queries, probe, null);
    }

    static ServerFixture withToken(MetadataSink sink) {
        return withToken(sink, StubQueries.sample(), () -> List.of(ReadinessCheck.ok("state")));
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(request(path, token).GET().build());
    }

    HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        client.close();
        server.close();
        metrics.close();
    }
}
