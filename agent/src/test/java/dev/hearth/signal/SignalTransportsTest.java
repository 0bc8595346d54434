package dev.hearth.signal;

import static dev.hearth.testing.FakeControlPlane.STACK_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.testing.FakeControlPlane;
import dev.hearth.testing.FakeControlPlane.Recorded;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalTransportsTest {
    static final Duration T = Duration.ofSeconds(5);
    final FakeControlPlane plane = FakeControlPlane.start();
    final ControlPlaneHttp http = ControlPlaneHttp.create();
    final PayloadTrimmer trimmer = new PayloadTrimmer();

    @TempDir
    Path state;

    @AfterEach
    void stop() {
        plane.close();
    }

    SignalEnvelope ready(dev.hearth.hook.Deployment d, ObjectNode payload) throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        outbox.arm(d);
        return outbox.complete(d.id(), payload).orElseThrow();
    }

    @Test
    void cfnPostsThePayloadToThePresignedUrlVerbatim() throws Exception {
        var d = Deployments.cfn(plane, "c1", "dep_cfn", Instant.now());
        var payload = Deployments.response("hello bar from dep_cfn\n");
        new CfnSignalTransport(http, T, Clock.systemUTC(), CfnSignalTransport.DEFAULT_AUTH_TTL, trimmer)
                .send(ready(d, payload));

        Recorded r = plane.requests().getFirst();
        String url = d.input("deploy_signal_id").orElseThrow();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(plane.baseUrl() + r.rawPath() + "?" + r.query()).isEqualTo(url);
        assertThat(r.header("content-type")).contains("application/json");
        assertThat(r.header("x-auth-token")).isEmpty();
        assertThat(r.json()).isEqualTo(payload);
        assertThat(r.body()).startsWith("{\"result\":\"result-of-bar\",\"deploy_stdout\"");
        assertThat(plane.cfnSignals("dep_cfn")).containsExactly(payload);
    }

    @Test
    void cfn403ForAUrlOlderThanTheAuthTtlIsAnExpiredUrl() throws Exception {
        Instant signed = Instant.now().minus(Duration.ofMinutes(20));
        var e = ready(Deployments.cfn(plane, "c1", "dep_cfn", signed), Deployments.response("x"));
        var t = new CfnSignalTransport(http, T, Clock.systemUTC(), CfnSignalTransport.DEFAULT_AUTH_TTL, trimmer);

        assertThatThrownBy(() -> t.send(e)).isInstanceOfSatisfying(SignalException.class, ex -> {
            assertThat(ex.getMessage()).isEqualTo("signal URL expired");
            assertThat(ex.permanent()).isTrue();
        });
    }

    @Test
    void cfn403ForAFreshUrlIsRetriedAndTheMessageMasksTheSignature() throws Exception {
        var e = ready(Deployments.cfn(plane, "c1", "dep_cfn", Instant.now()), Deployments.response("x"));
        plane.fail("/v1/signal/", 403, 1);
        var t = new CfnSignalTransport(http, T, Clock.systemUTC(), CfnSignalTransport.DEFAULT_AUTH_TTL, trimmer);
        String sig = e.param("deploy_signal_id").orElseThrow().replaceAll(".*Signature=", "");

        assertThatThrownBy(() -> t.send(e)).isInstanceOfSatisfying(SignalException.class, ex -> {
            assertThat(ex.permanent()).isFalse();
            assertThat(ex.getMessage())
                    .contains("HTTP 403")
                    .contains("Signature=*****")
                    .doesNotContain(sig);
        });
    }

    @Test
    void cfnTimestampIsReadFromTheUrl() {
        assertThat(CfnSignalTransport.timestamp("http://h/v1/signal/x?Timestamp=2024-05-01T12%3A00%3A00Z&Signature=a"))
                .contains(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(CfnSignalTransport.timestamp("http://h/v1/signal/x?a=b")).isEmpty();
    }

    @Test
    void tempUrlPutsThePayloadAsTheSwiftObject() throws Exception {
        var d = Deployments.tempUrl(plane, "t1", "dep_tempurl");
        var payload = Deployments.response("hello baz from dep_tempurl\n");
        new TempUrlSignalTransport(http, T, trimmer).send(ready(d, payload));

        Recorded r = plane.requests().getFirst();
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(plane.baseUrl() + r.rawPath() + "?" + r.query())
                .isEqualTo(d.input("deploy_signal_id").orElseThrow());
        assertThat(r.header("content-type")).contains("application/json");
        assertThat(Json.parse(plane.object("8a5fd4c3/dep_tempurl").orElseThrow()))
                .isEqualTo(payload);
    }

    @Test
    void tempUrlTrimsHugePayloads() throws Exception {
        var d = Deployments.tempUrl(plane, "t1", "dep_tempurl");
        new TempUrlSignalTransport(http, T, trimmer)
                .send(ready(d, Deployments.response("z".repeat(2_000_000) + "END")));
        Recorded r = plane.requests().getFirst();
        assertThat(r.body().length()).isLessThanOrEqualTo(950_000);
        assertThat(r.json().get("deploy_stdout").textValue()).endsWith("END");
    }

    @Test
    void heatAuthenticatesAsTheStackUserAndPostsToTheResourceSignal() throws Exception {
        var d = Deployments.heat(plane, "h1", "dep_heat");
        var payload = Deployments.response("hello qux from dep_heat\n");
        var t = new HeatSignalTransport(http, T, Clock.systemUTC(), trimmer);
        t.send(ready(d, payload));
        t.send(ready(Deployments.heat(plane, "h2", "dep_heat"), payload));

        List<Recorded> reqs = plane.requests();
        assertThat(reqs)
                .extracting(Recorded::toString)
                .containsExactly(
                        "POST /identity/v3/auth/tokens",
                        "POST /heat/v1/PROJ1/stacks/" + STACK_ID + "/resources/dep_heat/signal",
                        "POST /heat/v1/PROJ1/stacks/" + STACK_ID + "/resources/dep_heat/signal");
        assertThat(reqs.get(0).json()).isEqualTo(Json.parse("""
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"password": "s3cr3t!P@ss", "id": "USER1"}}},
                          "scope": {"project": {"id": "PROJ1"}}}}"""));
        Recorded signal = reqs.get(1);
        assertThat(signal.header("x-auth-token")).contains("TOKEN-1");
        assertThat(signal.header("content-type")).contains("application/json");
        assertThat(signal.header("accept")).contains("application/json");
        assertThat(signal.json()).isEqualTo(payload);
        assertThat(plane.heatSignals(STACK_ID, "dep_heat")).containsExactly(payload, payload);
    }

    @Test
    void heatWithAWrongPasswordFailsWithoutShowingIt() throws Exception {
        var d = Deployments.of(
                "h1",
                "dep_heat",
                "HEAT_SIGNAL",
                java.util.Map.of(
                        "deploy_auth_url",
                        plane.authUrl(),
                        "deploy_user_id",
                        "USER1",
                        "deploy_password",
                        "other-secret-pw",
                        "deploy_project_id",
                        "PROJ1"));
        var t = new HeatSignalTransport(http, T, Clock.systemUTC(), trimmer);
        assertThatThrownBy(() -> t.send(ready(d, Deployments.response("x"))))
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("other-secret-pw");
    }

    @Test
    void zaqarPostsAV2MessageWithTtl600() throws Exception {
        var d = Deployments.zaqar(plane, "z1", "dep_zaqar", "signal-queue");
        var payload = Deployments.response("ok");
        new ZaqarSignalTransport(http, T, Clock.systemUTC(), trimmer).send(ready(d, payload));

        List<Recorded> reqs = plane.requests();
        assertThat(reqs)
                .extracting(Recorded::toString)
                .containsExactly("POST /identity/v3/auth/tokens", "POST /zaqar/v2/queues/signal-queue/messages");
        Recorded post = reqs.get(1);
        assertThat(post.header("x-auth-token")).contains("TOKEN-1");
        assertThat(post.header("x-project-id")).contains("PROJ1");
        assertThat(post.header("client-id"))
                .hasValueSatisfying(
                        id -> assertThat(java.util.UUID.fromString(id)).isNotNull());
        assertThat(post.header("content-type")).contains("application/json");
        ObjectNode expected = Json.object();
        ObjectNode m = expected.putArray("messages").addObject();
        m.set("body", payload);
        m.put("ttl", 600);
        assertThat(post.json()).isEqualTo(expected);
        assertThat(plane.queueMessages("signal-queue")).containsExactly(payload);
    }
}
