package dev.hearth.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.json.Json;
import dev.hearth.secret.Secret;
import dev.hearth.testing.FakeControlPlane;
import dev.hearth.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeystoneTest {
    private final FakeControlPlane plane = FakeControlPlane.start();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final ControlPlaneHttp http = ControlPlaneHttp.create();

    @AfterEach
    void stop() {
        plane.close();
    }

    private Keystone keystone(String region) {
        plane.clock(clock);
        return new Keystone(
                http,
                new KeystoneCredentials(
                        plane.authUrl(),
                        FakeControlPlane.USER_ID,
                        Secret.of(FakeControlPlane.PASSWORD),
                        FakeControlPlane.PROJECT_ID,
                        region),
                Duration.ofSeconds(5),
                clock);
    }

    @Test
    void authenticatesWithUserIdAndProjectScope() throws Exception {
        KeystoneToken t = keystone(null).token();

        assertThat(t.id()).isEqualTo("TOKEN-1");
        var req = plane.requests().getFirst();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/identity/v3/auth/tokens");
        assertThat(req.header("content-type")).contains("application/json");
        assertThat(req.json()).isEqualTo(Json.parse("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"password": "s3cr3t!P@ss", "id": "USER1"}}},
                          "scope": {"project": {"id": "PROJ1"}}}}"""));
        assertThat(t.toString()).doesNotContain("TOKEN-1");
    }

    @Test
    void endpointIsThePublicOneOfTheRegion() throws Exception {
        Keystone k = keystone(FakeControlPlane.REGION);
        KeystoneToken t = k.token();
        assertThat(k.endpoint(t, "orchestration")).isEqualTo(URI.create(plane.heatEndpoint()));
        assertThat(k.endpoint(t, "messaging")).isEqualTo(URI.create(plane.zaqarEndpoint()));
        assertThat(keystone(null).endpoint(t, "object-store")).isEqualTo(URI.create(plane.swiftEndpoint()));
        assertThatThrownBy(() -> keystone("Nowhere").endpoint(t, "orchestration"))
                .hasMessageContaining("no public orchestration endpoint in region Nowhere");
    }

    @Test
    void tokenIsReusedUntilShortlyBeforeItExpires() throws Exception {
        plane.tokenLifetime(Duration.ofHours(1));
        Keystone k = keystone(null);
        KeystoneToken first = k.token();
        clock.advance(Duration.ofMinutes(54));
        assertThat(k.token()).isSameAs(first);
        assertThat(plane.tokensIssued()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // inside the 5 min margin
        assertThat(k.token().id()).isEqualTo("TOKEN-2");
        assertThat(plane.tokensIssued()).isEqualTo(2);
    }

    @Test
    void shortLivedTokensRefreshAtNinetyPercentOfTheirLife() throws Exception {
        plane.tokenLifetime(Duration.ofSeconds(100));
        Keystone k = keystone(null);
        k.token();
        clock.advance(Duration.ofSeconds(89));
        assertThat(k.token().id()).isEqualTo("TOKEN-1");
        clock.advance(Duration.ofSeconds(2));
        assertThat(k.token().id()).isEqualTo("TOKEN-2");
    }

    @Test
    void a401AuthenticatesAgainOnce() throws Exception {
        Keystone k = keystone(null);
        plane.heatMetadata(FakeControlPlane.STACK_ID, "server1", Json.parse("{\"a\": 1}"));
        Keystone.ServiceCall get = (ep, t) -> HttpCall.get(
                URI.create(ep + "/stacks/" + FakeControlPlane.STACK_ID + "/resources/server1/metadata"),
                Duration.ofSeconds(5));
        assertThat(k.call("orchestration", get).status()).isEqualTo(200);
        plane.revokeTokens();

        HttpResult r = k.call("orchestration", get);

        assertThat(r.status()).isEqualTo(200);
        assertThat(plane.tokensIssued()).isEqualTo(2);
        assertThat(plane.requests().stream().map(FakeControlPlane.Recorded::method))
                .containsExactly("POST", "GET", "GET", "POST", "GET");
        assertThat(plane.requests().getLast().header("x-auth-token")).contains("TOKEN-2");
    }

    @Test
    void wrongPasswordIsAnErrorWithoutThePassword() {
        Keystone k = new Keystone(
                http,
                new KeystoneCredentials(plane.authUrl(), "USER1", Secret.of("wrong-password-1"), "PROJ1", null),
                Duration.ofSeconds(5),
                clock);
        assertThatThrownBy(k::token)
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("wrong-password-1");
        assertThat(k.credentials().toString()).doesNotContain("wrong-password-1");
    }

    @Test
    void v3UrlIsDerivedFromAuthUrl() {
        assertThat(Keystone.v3Url("http://k:5000/v2.0")).hasToString("http://k:5000/v3");
        assertThat(Keystone.v3Url("http://k:5000/v3/")).hasToString("http://k:5000/v3");
        assertThat(Keystone.v3Url("http://k:5000")).hasToString("http://k:5000/v3");
        assertThat(Keystone.v3Url("http://k/identity/v3")).hasToString("http://k/identity/v3");
    }

    @Test
    void unreachableKeystoneIsAControlPlaneException() {
        plane.stop();
        assertThatThrownBy(() -> keystone(null).token())
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining(
                        "connection refused: POST http://127.0.0.1:" + plane.port() + "/identity/v3/auth/tokens");
    }
}
