package dev.hearth.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.fs.AtomicFiles;
import dev.hearth.json.Json;
import dev.hearth.testing.FakeControlPlane;
import dev.hearth.testing.LogCapture;
import dev.hearth.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalOutboxTest {
    @TempDir
    Path state;

    final MutableClock clock = MutableClock.at("2024-05-01T12:00:00Z");
    final FakeControlPlane plane = FakeControlPlane.start();

    @AfterEach
    void stop() {
        plane.close();
    }

    @Test
    void armPersistsTheTransportParametersBeforeTheHookRuns() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, clock);
        var d = Deployments.heat(plane, "33333333-aaaa-4bbb-8ccc-000000000003", "dep_heat");

        SignalEnvelope e = outbox.arm(d).orElseThrow();

        assertThat(e.state()).isEqualTo(SignalState.ARMED);
        assertThat(e.transport()).isEqualTo("HEAT_SIGNAL");
        assertThat(e.armedAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(e.params())
                .containsOnlyKeys(
                        "deploy_auth_url",
                        "deploy_user_id",
                        "deploy_username",
                        "deploy_password",
                        "deploy_project_id",
                        "deploy_region_name",
                        "deploy_stack_id",
                        "deploy_resource_name");
        Path file = state.resolve("outbox/33333333-aaaa-4bbb-8ccc-000000000003.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(AtomicFiles.FILE_0600);
        assertThat(Files.getPosixFilePermissions(state.resolve("outbox"))).isEqualTo(AtomicFiles.DIR_0700);
        assertThat(Json.parse(Files.readString(file)).path("state").asText()).isEqualTo("armed");
        assertThat(e.toString()).doesNotContain(FakeControlPlane.PASSWORD);
        assertThat(outbox.size()).isEqualTo(1);
        assertThat(outbox.ready()).isEmpty();
    }

    @Test
    void noSignalWritesNothing() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, clock);
        assertThat(outbox.arm(Deployments.noSignal("n1"))).isEmpty();
        assertThat(outbox.complete("n1", Deployments.response("x"))).isEmpty();
        try (var s = Files.list(state.resolve("outbox"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void completeMakesItReadyAndEverythingSurvivesAReopen() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, clock);
        outbox.arm(Deployments.cfn(plane, "c1", "dep_cfn", clock.instant()));
        outbox.arm(Deployments.tempUrl(plane, "t1", "dep_tempurl"));
        clock.advance(java.time.Duration.ofMinutes(1));
        outbox.complete("c1", Deployments.response("hello\n"));

        SignalOutbox reopened = new SignalOutbox(state, clock);

        assertThat(reopened.size()).isEqualTo(2);
        SignalEnvelope c1 = reopened.get("c1").orElseThrow();
        assertThat(c1.state()).isEqualTo(SignalState.READY);
        assertThat(c1.payload()).isEqualTo(Deployments.response("hello\n"));
        assertThat(c1.readyAt()).isEqualTo(Instant.parse("2024-05-01T12:01:00Z"));
        assertThat(c1.param("deploy_signal_verb")).contains("POST");
        assertThat(reopened.ready()).extracting(SignalEnvelope::deploymentId).containsExactly("c1");
        assertThat(reopened.get("t1").orElseThrow().state()).isEqualTo(SignalState.ARMED);

        assertThat(reopened.discard("t1")).isTrue();
        assertThat(new SignalOutbox(state, clock).all())
                .extracting(SignalEnvelope::deploymentId)
                .containsExactly("c1");
    }

    @Test
    void givenUpEnvelopesMoveAsideAndAreNotPending() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, clock);
        outbox.arm(Deployments.tempUrl(plane, "t1", "dep_tempurl"));
        outbox.complete("t1", Deployments.response("x"));
        outbox.giveUp("t1", "signal URL expired", 3);

        assertThat(outbox.size()).isZero();
        assertThat(Files.exists(state.resolve("outbox/t1.json"))).isFalse();
        Path g = state.resolve("outbox/given_up/t1.json");
        assertThat(Files.getPosixFilePermissions(g)).isEqualTo(AtomicFiles.FILE_0600);
        SignalOutbox reopened = new SignalOutbox(state, clock);
        assertThat(reopened.all()).isEmpty();
        assertThat(reopened.get("t1").orElseThrow()).satisfies(e -> {
            assertThat(e.state()).isEqualTo(SignalState.GIVEN_UP);
            assertThat(e.lastError()).isEqualTo("signal URL expired");
            assertThat(e.attempts()).isEqualTo(3);
        });
    }

    @Test
    void aGivenUpEnvelopeKeepsItsReasonButNotItsCredentials() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, clock);
        outbox.arm(Deployments.heat(plane, "h1", "dep_heat"));
        outbox.arm(Deployments.tempUrl(plane, "t2", "dep_tempurl"));
        for (String id : new String[] {"h1", "t2"}) {
            outbox.complete(id, Deployments.response("x"));
            outbox.giveUp(id, "signal deadline passed after 9 attempts", 9);
        }

        String heat = Files.readString(state.resolve("outbox/given_up/h1.json"));
        assertThat(heat)
                .doesNotContain(FakeControlPlane.PASSWORD)
                .doesNotContain("deploy_password")
                .contains("signal deadline passed after 9 attempts")
                .contains("deploy_stack_id");
        String tempUrl = Files.readString(state.resolve("outbox/given_up/t2.json"));
        String url =
                new SignalOutbox(state, clock).get("t2").orElseThrow().params().get("deploy_signal_id");
        assertThat(url).contains("temp_url_sig=*****");
        assertThat(tempUrl).doesNotContainPattern("temp_url_sig=(?!\\*)");
        SignalEnvelope reopened = new SignalOutbox(state, clock).get("h1").orElseThrow();
        assertThat(reopened.lastError()).isEqualTo("signal deadline passed after 9 attempts");
        assertThat(reopened.params()).doesNotContainKey("deploy_password");
    }

    @Test
    void oddIdsNeverEscapeTheOutbox() {
        // Deployment ids are validated where metadata enters (Deployment.fromJson refuses this one);
        // the outbox maps any id to a safe file name all the same.
        assertThatThrownBy(() -> Deployments.tempUrl(plane, "../../etc/passwd", "r"))
                .hasMessageContaining("not a valid deployment id");
        assertThat(SignalOutbox.file(state, "../../etc/passwd").getFileName().toString())
                .startsWith("id-");
        assertThat(SignalOutbox.file(state, "../../etc/passwd").getParent())
                .isEqualTo(SignalOutbox.file(state, "x").getParent());
    }

    @Test
    void anUnreadableEnvelopeIsLoggedWithoutItsCredentials() throws Exception {
        String secret = "Hunter2-s3cr3t-Plant";
        Files.createDirectories(state.resolve("outbox"));
        Files.writeString(
                state.resolve("outbox/t1.json"),
                "{\"deployment_id\": \"t1\", \"transport\": \"heat\", " + "\"params\": {\"password\": \"" + secret);
        Files.writeString(
                state.resolve("outbox/t2.json"),
                "{\"deployment_id\": \"t2\", \"params\": {\"password\": " + secret + "}}");
        Files.writeString(
                state.resolve("outbox/t3.json"),
                "{\"deployment_id\": \"t3\", \"transport\": \"heat\", " + "\"armed_at\": \"" + secret + "\"}");
        try (LogCapture logs = new LogCapture()) {
            SignalOutbox outbox = new SignalOutbox(state, clock);
            assertThat(outbox.size()).isZero();
            assertThat(logs.text())
                    .contains("t1.json")
                    .contains("line 1, column")
                    .contains("t2.json")
                    .contains("t3.json")
                    .doesNotContain(secret)
                    .doesNotContain("Hunter");
        }
    }
}
