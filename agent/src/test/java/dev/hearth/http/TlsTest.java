package dev.hearth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    static Path dir;

    static TlsFixture.Identity server;
    static TlsFixture.Identity client;
    static TlsFixture.Identity stranger;

    @BeforeAll
    static void certificates() throws Exception {
        TlsFixture tls = new TlsFixture(dir);
        server = tls.create("localhost");
        client = tls.create("hearth-client");
        stranger = tls.create("stranger");
    }

    private static ServerFixture serve(Path clientCa, BearerAuth token, TlsFixture.Identity presenting)
            throws Exception {
        HttpServerSettings settings = HttpServerSettings.from(
                new AgentConfig.Http("127.0.0.1:0", null, 4096L, server.certPem(), server.keyPem(), clientCa, null),
                dir);
        settings = new HttpServerSettings(settings.listen(), token, settings.tls(), settings.maxBodySize());
        return new ServerFixture(
                settings,
                new RecordingSink(),
                StubQueries.sample(),
                () -> List.of(ReadinessCheck.ok("x")),
                TlsFixture.clientContext(server, presenting));
    }

    @Test
    void servesHttpsWithTheConfiguredCertificate() throws Exception {
        try (ServerFixture f = serve(null, new BearerAuth(ServerFixture.TOKEN), null)) {
            assertThat(f.base.getScheme()).isEqualTo("https");
            HttpResponse<String> r = f.get("/v1/deployments", ServerFixture.TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession())
                    .hasValueSatisfying(s -> assertThat(s.getProtocol()).startsWith("TLSv1."));
            assertThat(f.get("/v1/deployments", null).statusCode()).isEqualTo(401);
            assertThat(f.post("/v1/metadata", "{\"deployments\": []}", ServerFixture.TOKEN)
                            .statusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void withAClientCaAVerifiedClientCertificateAuthenticates() throws Exception {
        try (ServerFixture f = serve(client.certPem(), null, client)) {
            assertThat(f.get("/v1/deployments", null).statusCode()).isEqualTo(200);
            assertThat(f.get("/metrics", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withAClientCaNoCertificateIs401ButHealthzStaysOpen() throws Exception {
        try (ServerFixture f = serve(client.certPem(), null, null)) {
            HttpResponse<String> r = f.get("/v1/deployments", null);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("client certificate required");
            assertThat(f.get("/healthz", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aCertificateTheClientCaDidNotIssueIsRefused() throws Exception {
        try (ServerFixture f = serve(client.certPem(), null, stranger)) {
            // The JDK client offers no certificate the server's CA list does not name (-> 401); a client
            // that sends it anyway fails the handshake. Never a 200.
            int status;
            try {
                status = f.get("/v1/deployments", null).statusCode();
            } catch (IOException handshakeFailed) {
                status = -1;
            }
            assertThat(status).isIn(401, -1);
        }
    }

    @Test
    void tokenAndClientCertificateTogetherNeedBoth() throws Exception {
        try (ServerFixture f = serve(client.certPem(), new BearerAuth(ServerFixture.TOKEN), client)) {
            assertThat(f.get("/v1/deployments", null).statusCode()).isEqualTo(401);
            assertThat(f.get("/v1/deployments", ServerFixture.TOKEN).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aClientCaAloneAllowsANonLoopbackAddress() {
        HttpServerSettings s = HttpServerSettings.from(
                new AgentConfig.Http(
                        "0.0.0.0:0", null, null, server.certPem(), server.keyPem(), client.certPem(), null),
                dir);
        assertThat(s.authPolicy().clientCertificate()).isTrue();
        assertThatThrownBy(() -> HttpServerSettings.from(
                        new AgentConfig.Http("0.0.0.0:0", null, null, server.certPem(), server.keyPem(), null, null),
                        dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unauthenticated");
    }

    @Test
    void refusesAWorldReadableKeyAndUnusablePem() throws Exception {
        Path open = dir.resolve("open.key.pem");
        Files.copy(server.keyPem(), open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> TlsSettings.fromPem(server.certPem(), open, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("readable by others");

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a certificate");
        assertThatThrownBy(() -> TlsSettings.fromPem(garbage, server.keyPem(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot use");
    }
}
