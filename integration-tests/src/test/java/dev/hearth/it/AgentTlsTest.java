package dev.hearth.it;

import dev.hearth.http.TlsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real agent serving HTTPS with client-certificate verification (mTLS) and no token. */
class AgentTlsTest {
    @TempDir
    Path dir;

    private HearthProcess agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
    }

    @Test
    void mutualTlsGuardsEverythingButHealthz() throws Exception {
        TlsFixture tls = new TlsFixture(Files.createDirectories(dir.resolve("pki")));
        TlsFixture.Identity server = tls.create("hearth-server");
        TlsFixture.Identity client = tls.create("control-plane");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                http:
                  listen: 127.0.0.1:%d
                  tls_cert: %s
                  tls_key: %s
                  tls_client_ca: %s
                heat_config_deployed_dir: %s
                """.formatted(port, server.certPem(), server.keyPem(), client.certPem(), dir.resolve("none")));
        agent = HearthProcess.start(dir, Map.of(), "agent", "--config", config.toString(),
                "--state-dir", dir.resolve("state").toString());
        URI base = URI.create("https://127.0.0.1:" + port);
        HttpClient anonymous = HttpClient.newBuilder().sslContext(TlsFixture.clientContext(server, null)).build();
        HttpClient trusted = HttpClient.newBuilder().sslContext(TlsFixture.clientContext(server, client)).build();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                anonymous.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        assertThat(anonymous.send(HttpRequest.newBuilder(base.resolve("/v1/deployments")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        assertThat(trusted.send(HttpRequest.newBuilder(base.resolve("/v1/deployments")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

        Path ran = dir.resolve("ran");
        String doc = "{\"deployments\": [{\"id\": \"t-1\", \"group\": \"script\", \"config\": \"#!/bin/sh\\ntouch " + ran + "\\n\"}]}";
        HttpResponse<String> push = trusted.send(HttpRequest.newBuilder(base.resolve("/v1/metadata"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(doc)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(push.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(ran));
        assertThat(agent.terminate(Duration.ofSeconds(60))).isZero();
    }

    @Test
    void refusesANonLoopbackAddressWithoutAuthentication() throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "http: {listen: \"0.0.0.0:0\"}\nheat_config_deployed_dir: " + dir.resolve("none") + "\n");
        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), null, Duration.ofSeconds(60), "agent",
                "--config", config.toString(), "--state-dir", dir.resolve("state").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("http");
    }
}
