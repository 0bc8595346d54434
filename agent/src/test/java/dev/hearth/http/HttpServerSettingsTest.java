package dev.hearth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpServerSettingsTest {
    @TempDir
    Path dir;

    private Path tokenFile(String mode) throws Exception {
        Path f = dir.resolve("token-" + mode);
        Files.writeString(f, "  " + ServerFixture.TOKEN + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static AgentConfig.Http http(String listen, Path token) {
        return new AgentConfig.Http(listen, token, null, null, null, null, null);
    }

    @Test
    void refusesANonLoopbackAddressWithNeitherTokenNorClientCertificates() {
        assertThatThrownBy(() -> HttpServerSettings.from(http("0.0.0.0:8765", null), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("0.0.0.0:8765")
                .hasMessageContaining("http.token_file")
                .hasMessageContaining("http.tls_client_ca");
        assertThatThrownBy(() -> new HttpServerSettings(ListenAddress.parse(":8765"), null, null, 10))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aNonLoopbackAddressWithATokenIsAccepted() throws Exception {
        HttpServerSettings s = HttpServerSettings.from(http("0.0.0.0:0", tokenFile("rw-------")), dir);
        assertThat(s.token()).isNotNull();
        assertThat(s.token().accepts("Bearer " + ServerFixture.TOKEN)).isTrue();
        assertThat(s.token().accepts("bearer   " + ServerFixture.TOKEN + " ")).isTrue();
        assertThat(s.token().accepts("Bearer " + ServerFixture.TOKEN.substring(1)))
                .isFalse();
        assertThat(s.token().accepts("Bearer")).isFalse();
        assertThat(s.token().accepts(null)).isFalse();
        assertThat(s.token().toString()).doesNotContain(ServerFixture.TOKEN);
    }

    @Test
    void theDefaultsMakeATokenOnlyItsOwnerMayReadAndKeepIt() throws Exception {
        HttpServerSettings s = HttpServerSettings.from(AgentConfig.defaults().http(), dir);
        assertThat(s.listen()).isEqualTo(new ListenAddress("127.0.0.1", 8765));
        assertThat(s.maxBodySize()).isEqualTo(16 * 1024 * 1024);
        assertThat(s.tls()).isNull();
        assertThat(s.token()).isNotNull();
        Path made = dir.resolve(ApiToken.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(made)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String token = Files.readString(made).strip();
        assertThat(token).matches("[0-9a-f]{64}");
        assertThat(s.token().accepts("Bearer " + token)).isTrue();
        assertThat(s.authPolicy().token()).isSameAs(s.token());
        assertThat(s.authPolicy().isOpen("/metrics"))
                .as("local monitoring as before")
                .isTrue();
        assertThat(s.authPolicy().isOpen("/readyz")).isTrue();
        assertThat(s.authPolicy().isOpen("/v1/deployments")).isFalse();
        assertThat(s.authPolicy().isOpen("/v1/metadata")).isFalse();
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));

        // A restart keeps the token the CLI and scrapers were given.
        assertThat(HttpServerSettings.from(AgentConfig.defaults().http(), dir)
                        .token()
                        .accepts("Bearer " + token))
                .isTrue();
    }

    @Test
    void thereIsNoUnauthenticatedServer() {
        assertThatThrownBy(() -> new HttpServerSettings(new ListenAddress("127.0.0.1", 0), null, null, 10))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unauthenticated");
        assertThat(new AuthPolicy(null, false)
                        .refusal(
                                new io.netty.handler.codec.http.DefaultHttpRequest(
                                        io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                                        io.netty.handler.codec.http.HttpMethod.GET,
                                        "/v1/deployments"),
                                null))
                .isPresent();
    }

    @Test
    void aConfiguredTokenOrClientCaMeansNoTokenIsMade() throws Exception {
        HttpServerSettings s = HttpServerSettings.from(http("127.0.0.1:0", tokenFile("rw-------")), dir);
        assertThat(s.token().accepts("Bearer " + ServerFixture.TOKEN)).isTrue();
        assertThat(s.authPolicy().isOpen("/metrics"))
                .as("a configured token guards monitoring too")
                .isFalse();
        assertThat(s.authPolicy().isOpen("/healthz")).isTrue();
        assertThat(dir.resolve(ApiToken.FILE_NAME)).doesNotExist();
    }

    @Test
    void anEmptyListenAddressDisablesTheServer() {
        assertThat(HttpServerSettings.enabled(http("", null))).isFalse();
        assertThat(HttpServerSettings.enabled(AgentConfig.defaults().http())).isTrue();
    }

    @Test
    void refusesATokenFileGroupOrOthersMayRead() throws Exception {
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-"}) {
            Path f = tokenFile(mode);
            assertThatThrownBy(() -> BearerAuth.fromFile(f))
                    .as(mode)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("chmod 0600")
                    .hasMessageNotContaining(ServerFixture.TOKEN);
        }
        assertThat(BearerAuth.fromFile(tokenFile("r--------")).accepts("Bearer " + ServerFixture.TOKEN))
                .isTrue();
    }

    @Test
    void refusesAMissingOrEmptyTokenFile() throws Exception {
        assertThatThrownBy(() -> BearerAuth.fromFile(dir.resolve("absent")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no such file");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> BearerAuth.fromFile(empty))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void tlsNeedsBothCertificateAndKey() {
        assertThatThrownBy(() -> HttpServerSettings.from(
                        new AgentConfig.Http(null, null, null, dir.resolve("cert.pem"), null, null, null), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls_key");
        assertThatThrownBy(() -> HttpServerSettings.from(
                        new AgentConfig.Http(null, null, null, null, null, dir.resolve("ca.pem"), null), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls_cert");
    }

    @Test
    void listenAddressesParse() {
        assertThat(ListenAddress.parse("127.0.0.1:8765")).isEqualTo(new ListenAddress("127.0.0.1", 8765));
        assertThat(ListenAddress.parse("[::1]:9000")).isEqualTo(new ListenAddress("::1", 9000));
        assertThat(ListenAddress.parse(":9000").isLoopback()).isFalse();
        assertThat(ListenAddress.parse("[::1]:9000").isLoopback()).isTrue();
        assertThat(ListenAddress.parse("localhost:1").isLoopback()).isTrue();
        assertThat(ListenAddress.parse("0.0.0.0:8765").localUrl(false)).isEqualTo("http://127.0.0.1:8765");
        assertThat(ListenAddress.parse("[::]:8765").localUrl(true)).isEqualTo("https://[::1]:8765");
        assertThatThrownBy(() -> ListenAddress.parse("8765")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ListenAddress.parse("host:http")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ListenAddress.parse("::1:80")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ListenAddress.parse("h:70000")).isInstanceOf(ConfigException.class);
    }

    @Test
    void anAddressInUseIsAClearError() {
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink())) {
            int port = f.server.address().getPort();
            var second = new AgentHttpServer(
                    new HttpServerSettings(
                            new ListenAddress("127.0.0.1", port), new BearerAuth(ServerFixture.TOKEN), null, 10),
                    new RecordingSink(),
                    StubQueries.sample(),
                    f.metrics.registry(),
                    java.util.List::of);
            assertThatThrownBy(second::start)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + port);
            second.close();
        }
    }
}
