package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.http.TlsFixture;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        Files.writeString(
                config, """
                http:
                  listen: 127.0.0.1:%d
                  tls_cert: %s
                  tls_key: %s
                  tls_client_ca: %s
                heat_config_deployed_dir: %s
                """.formatted(port, server.certPem(), server.keyPem(), client.certPem(), dir.resolve("none")));
        agent = HearthProcess.start(
                dir,
                Map.of(),
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
        URI base = URI.create("https://127.0.0.1:" + port);
        HttpClient anonymous = HttpClient.newBuilder()
                .sslContext(TlsFixture.clientContext(server, null))
                .build();
        HttpClient trusted = HttpClient.newBuilder()
                .sslContext(TlsFixture.clientContext(server, client))
                .build();

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> anonymous
                                .send(
                                        HttpRequest.newBuilder(base.resolve("/healthz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        assertThat(anonymous
                        .send(
                                HttpRequest.newBuilder(base.resolve("/v1/deployments"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(401);
        assertThat(trusted.send(
                                HttpRequest.newBuilder(base.resolve("/v1/deployments"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);

        Path ran = dir.resolve("ran");
        String doc = "{\"deployments\": [{\"id\": \"t-1\", \"group\": \"script\", \"config\": \"#!/bin/sh\\ntouch "
                + ran + "\\n\"}]}";
        HttpResponse<String> push = trusted.send(
                HttpRequest.newBuilder(base.resolve("/v1/metadata"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(doc))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(push.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(ran));
        assertThat(agent.terminate(Duration.ofSeconds(60))).isZero();
    }

    @Test
    void pushAndStatusPresentTheClientCertificateTheAgentRequires() throws Exception {
        TlsFixture tls = new TlsFixture(Files.createDirectories(dir.resolve("pki")));
        TlsFixture.Identity server = tls.create("hearth-server");
        TlsFixture.Identity client = tls.create("control-plane");
        TlsFixture.Identity stranger = tls.create("stranger");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String http = """
                state_dir: %s
                heat_config_deployed_dir: %s
                http:
                  listen: 127.0.0.1:%d
                  tls_cert: %s
                  tls_key: %s
                  tls_client_ca: %s
                """.formatted(
                dir.resolve("state"), dir.resolve("none"), port, server.certPem(), server.keyPem(), client.certPem());
        Path config =
                Files.writeString(dir.resolve("agent.yaml"), http + """
                  client_cert: %s
                  client_key: %s
                """.formatted(client.certPem(), client.keyPem()));
        Path bare = Files.writeString(dir.resolve("bare.yaml"), http);
        agent = HearthProcess.start(dir, Map.of(), "agent", "--config", config.toString());
        URI base = URI.create("https://127.0.0.1:" + port);
        HttpClient anonymous = HttpClient.newBuilder()
                .sslContext(TlsFixture.clientContext(server, null))
                .build();
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> anonymous
                                .send(
                                        HttpRequest.newBuilder(base.resolve("/healthz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        assertThat(dir.resolve("state/api-token"))
                .as("client certificates replace the token")
                .doesNotExist();

        // The certificate from agent.yaml, no flags.
        Path ran = dir.resolve("ran");
        Path doc = Files.writeString(
                dir.resolve("doc.json"),
                "{\"deployments\": [{\"id\": \"m-1\", \"group\": " + "\"script\", \"config\": \"#!/bin/sh\\ntouch "
                        + ran + "\\n\"}]}");
        HearthProcess.Result push = HearthProcess.run(
                dir, Map.of(), null, Duration.ofSeconds(60), "push", "--config", config.toString(), doc.toString());
        assertThat(push.exitCode()).as(push.stderr()).isZero();
        assertThat(push.stdout()).contains("m-1");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(ran));
        HearthProcess.Result status =
                HearthProcess.run(dir, Map.of(), null, Duration.ofSeconds(60), "status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains("m-1");

        // The certificate from the command line.
        HearthProcess.Result flags = HearthProcess.run(
                dir,
                Map.of(),
                null,
                Duration.ofSeconds(60),
                "status",
                "--json",
                "--config",
                bare.toString(),
                "--client-cert",
                client.certPem().toString(),
                "--client-key",
                client.keyPem().toString());
        assertThat(flags.exitCode()).as(flags.stderr()).isZero();
        assertThat(flags.stdout()).contains("m-1");

        // None, or one the agent's CA did not sign: refused.
        HearthProcess.Result none =
                HearthProcess.run(dir, Map.of(), null, Duration.ofSeconds(60), "status", "--config", bare.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("401").contains("client certificate required");
        HearthProcess.Result foreign = HearthProcess.run(
                dir,
                Map.of(),
                null,
                Duration.ofSeconds(60),
                "push",
                "--config",
                bare.toString(),
                "--client-cert",
                stranger.certPem().toString(),
                "--client-key",
                stranger.keyPem().toString(),
                doc.toString());
        assertThat(foreign.exitCode()).isEqualTo(1);
        HearthProcess.Result half = HearthProcess.run(
                dir,
                Map.of(),
                null,
                Duration.ofSeconds(60),
                "status",
                "--config",
                bare.toString(),
                "--client-cert",
                client.certPem().toString());
        assertThat(half.exitCode()).isEqualTo(1);
        assertThat(half.stderr()).contains("--client-key");
        assertThat(agent.terminate(Duration.ofSeconds(60))).isZero();
    }

    @Test
    void refusesANonLoopbackAddressWithoutAuthentication() throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(
                config, "http: {listen: \"0.0.0.0:0\"}\nheat_config_deployed_dir: " + dir.resolve("none") + "\n");
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                null,
                Duration.ofSeconds(60),
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("http");
    }
}
