package dev.hearth.signal;

import static dev.hearth.testing.FakeControlPlane.STACK_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.config.AgentConfig;
import dev.hearth.json.Json;
import dev.hearth.metrics.Meters;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.testing.FakeControlPlane;
import dev.hearth.testing.LogCapture;
import dev.hearth.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalerTest {
    final FakeControlPlane plane = FakeControlPlane.start();
    final ControlPlaneHttp http = ControlPlaneHttp.create();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<String> statuses = new CopyOnWriteArrayList<>();
    final SignalListener listener = (id, s) -> statuses.add(
            id + " " + s.state() + " " + s.attempts() + (s.lastError() == null ? "" : " " + s.lastError()));

    @TempDir
    Path state;

    Signaler signaler;

    @AfterEach
    void stop() {
        if (signaler != null) signaler.close();
        plane.close();
    }

    static AgentConfig.Signals fast(Duration deadline) {
        return new AgentConfig.Signals(deadline, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(2));
    }

    Signaler signaler(SignalOutbox outbox, AgentConfig.Signals settings, Clock clock) {
        return new Signaler(outbox, Signaler.transports(http, settings, clock), settings, clock, listener, registry);
    }

    double signals(String transport, String result) {
        var c = registry.find(Meters.SIGNALS)
                .tag("transport", transport)
                .tag("result", result)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void every503IsRetriedUntilEachSignalArrivesOnce() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        var cfn = Deployments.cfn(plane, "c1", "dep_cfn", Instant.now());
        var temp = Deployments.tempUrl(plane, "t1", "dep_tempurl");
        var heat = Deployments.heat(plane, "h1", "dep_heat");
        var zaqar = Deployments.zaqar(plane, "z1", "dep_zaqar", "sigq");
        for (var d : List.of(cfn, temp, heat, zaqar)) outbox.arm(d);
        plane.fail("/v1/signal/", 503, 3);
        plane.fail("/swift/", 503, 3);
        plane.fail("/heat/", 503, 3);
        plane.fail("/zaqar/", 503, 3);
        signaler = signaler(outbox, fast(Duration.ofMinutes(5)), Clock.systemUTC());
        signaler.start();
        for (var d : List.of(cfn, temp, heat, zaqar)) {
            outbox.complete(d.id(), Deployments.response("out of " + d.id()));
            signaler.wake();
        }

        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.size() == 0
                        && statuses.stream()
                                        .filter(s -> s.contains(" delivered "))
                                        .count()
                                == 4);

        assertThat(plane.cfnSignals("dep_cfn")).containsExactly(Deployments.response("out of c1"));
        assertThat(Json.parse(plane.object("8a5fd4c3/dep_tempurl").orElseThrow()))
                .isEqualTo(Deployments.response("out of t1"));
        assertThat(plane.heatSignals(STACK_ID, "dep_heat")).containsExactly(Deployments.response("out of h1"));
        assertThat(plane.queueMessages("sigq")).containsExactly(Deployments.response("out of z1"));
        assertThat(plane.requestsTo("/v1/signal/")).hasSize(4);
        for (String t : List.of("CFN_SIGNAL", "TEMP_URL_SIGNAL", "HEAT_SIGNAL", "ZAQAR_SIGNAL")) {
            assertThat(signals(t, "failed")).as(t).isEqualTo(3);
            assertThat(signals(t, "delivered")).as(t).isEqualTo(1);
        }
        assertThat(statuses)
                .contains(
                        "c1 pending 1 HTTP 503 from POST " + plane.baseUrl()
                                + "/v1/signal/arn%3Aopenstack%3Aheat%3A%3APROJ1%3Astacks/" + STACK_ID
                                + "/resources/dep_cfn?SignatureMethod=HmacSHA256&SignatureVersion=2&AWSAccessKeyId=AKIDEXAMPLE0001&Timestamp="
                                + cfn.input("deploy_signal_id").orElseThrow().replaceAll(".*Timestamp=([^&]*).*", "$1")
                                + "&Signature=*****",
                        "c1 delivered 4",
                        "t1 delivered 4",
                        "h1 delivered 4",
                        "z1 delivered 4");
        assertThat(registry.get(Meters.SIGNAL_OUTBOX_SIZE).gauge().value()).isZero();
        try (var s = Files.list(state.resolve("outbox"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void refusedConnectionsAreRetriedUntilThePlaneComesBack() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        var heat = Deployments.heat(plane, "h1", "dep_heat");
        outbox.arm(heat);
        outbox.complete("h1", Deployments.response("x"));
        plane.stop();
        signaler = signaler(outbox, fast(Duration.ofMinutes(5)), Clock.systemUTC());
        signaler.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.get("h1").orElseThrow().attempts() >= 3);
        assertThat(outbox.get("h1").orElseThrow().lastError()).contains("connection refused");

        plane.restart();

        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.size() == 0);
        assertThat(plane.heatSignals(STACK_ID, "dep_heat")).hasSize(1);
    }

    @Test
    void attemptsSurviveARestartOfTheAgent() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        outbox.arm(Deployments.tempUrl(plane, "t1", "dep_tempurl"));
        outbox.complete("t1", Deployments.response("x"));
        plane.fail("/swift/", 503, 1000);
        signaler = signaler(outbox, fast(Duration.ofMinutes(5)), Clock.systemUTC());
        signaler.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.get("t1").orElseThrow().attempts() >= 2);
        signaler.close();
        int attempts = outbox.get("t1").orElseThrow().attempts();

        SignalOutbox reopened = new SignalOutbox(state, Clock.systemUTC());
        assertThat(reopened.get("t1").orElseThrow().attempts()).isGreaterThanOrEqualTo(attempts);
        assertThat(reopened.get("t1").orElseThrow().nextAttemptAt()).isNotNull();
        plane.clearFaults();
        signaler = signaler(reopened, fast(Duration.ofMinutes(5)), Clock.systemUTC());
        signaler.start();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> statuses.stream().anyMatch(s -> s.startsWith("t1 delivered ")));
        assertThat(reopened.size()).isZero();
    }

    @Test
    void anExpiredCfnUrlIsGivenUpAtOnce() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        var cfn = Deployments.cfn(plane, "c1", "dep_cfn", Instant.now().minus(Duration.ofMinutes(16)));
        outbox.arm(cfn);
        outbox.complete("c1", Deployments.response("x"));
        signaler = signaler(outbox, fast(Duration.ofMinutes(5)), Clock.systemUTC());

        List<SignalEnvelope> pending = signaler.drain(Duration.ofSeconds(5));

        assertThat(pending).isEmpty();
        assertThat(plane.requestsTo("/v1/signal/")).hasSize(1);
        assertThat(outbox.get("c1").orElseThrow()).satisfies(e -> {
            assertThat(e.state()).isEqualTo(SignalState.GIVEN_UP);
            assertThat(e.lastError()).isEqualTo("signal URL expired");
        });
        assertThat(Files.exists(state.resolve("outbox/given_up/c1.json"))).isTrue();
        assertThat(statuses).containsExactly("c1 given_up 1 signal URL expired");
        assertThat(signals("CFN_SIGNAL", "expired")).isEqualTo(1);
    }

    @Test
    void aTargetThatCanNeverWorkIsGivenUpAtOnceWithoutARequest() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("j1", "javascript:alert(1)");
        targets.put("f1", "ftp://127.0.0.1/x");
        targets.put("m1", "http://127.0.0.1:" + plane.port() + "/has space?Signature=abc");
        targets.put("r1", "/v1/signal/relative");
        for (var t : targets.entrySet()) {
            outbox.arm(Deployments.of(
                    t.getKey(),
                    "dep_" + t.getKey(),
                    "TEMP_URL_SIGNAL",
                    Map.of("deploy_signal_id", t.getValue(), "deploy_signal_verb", "PUT")));
            outbox.complete(t.getKey(), Deployments.response("x"));
        }
        Map<String, String> keystone = new LinkedHashMap<>(Map.of(
                "deploy_auth_url",
                "file:///etc/keystone",
                "deploy_user_id",
                FakeControlPlane.USER_ID,
                "deploy_password",
                FakeControlPlane.PASSWORD,
                "deploy_project_id",
                FakeControlPlane.PROJECT_ID));
        outbox.arm(Deployments.of("k1", "dep_k1", "HEAT_SIGNAL", keystone));
        outbox.complete("k1", Deployments.response("x"));
        signaler = signaler(outbox, fast(Duration.ofHours(24)), Clock.systemUTC());

        long start = System.nanoTime();
        List<SignalEnvelope> pending = signaler.drain(Duration.ofSeconds(20));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(pending).isEmpty();
        assertThat(plane.requests()).isEmpty();
        assertThat(outbox.get("j1").orElseThrow().lastError())
                .isEqualTo("deploy_signal_id is not an http or https URL (scheme javascript)");
        assertThat(outbox.get("f1").orElseThrow().lastError())
                .isEqualTo("deploy_signal_id is not an http or https URL (scheme ftp)");
        assertThat(outbox.get("m1").orElseThrow().lastError())
                .startsWith("deploy_signal_id is not a valid URL")
                .doesNotContain("abc");
        assertThat(outbox.get("r1").orElseThrow().lastError()).isEqualTo("deploy_signal_id is not an absolute URL");
        assertThat(outbox.get("k1").orElseThrow().lastError())
                .isEqualTo("deploy_auth_url is not an http or https URL (scheme file)");
        assertThat(statuses).hasSize(5).allMatch(s -> s.contains(" given_up 1 "));
        assertThat(signals("TEMP_URL_SIGNAL", "invalid_target")).isEqualTo(4);
        assertThat(signals("HEAT_SIGNAL", "invalid_target")).isEqualTo(1);
    }

    @Test
    void aNonRetryable4xxIsGivenUpAtOnceAndAConflictIsRetried() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        outbox.arm(Deployments.tempUrl(plane, "t404", "dep_gone"));
        outbox.complete("t404", Deployments.response("x"));
        outbox.arm(Deployments.heat(plane, "h409", "dep_busy"));
        outbox.complete("h409", Deployments.response("x"));
        plane.fail("/swift/", 404, 1000);
        plane.fail("/heat/", 409, 2);
        signaler = signaler(outbox, fast(Duration.ofHours(24)), Clock.systemUTC());

        List<SignalEnvelope> pending = signaler.drain(Duration.ofSeconds(10));

        assertThat(pending).isEmpty();
        assertThat(plane.requestsTo("/swift/")).hasSize(1);
        assertThat(outbox.get("t404").orElseThrow()).satisfies(e -> {
            assertThat(e.state()).isEqualTo(SignalState.GIVEN_UP);
            assertThat(e.lastError())
                    .startsWith("HTTP 404 from PUT ")
                    .endsWith("(the control plane no longer knows this deployment): not retryable");
        });
        assertThat(signals("TEMP_URL_SIGNAL", "rejected")).isEqualTo(1);
        assertThat(plane.heatSignals(STACK_ID, "dep_busy")).hasSize(1);
        assertThat(signals("HEAT_SIGNAL", "failed")).isEqualTo(2);
        assertThat(signals("HEAT_SIGNAL", "delivered")).isEqualTo(1);
    }

    @Test
    void drainOfSomeDeploymentsIgnoresTheOthers() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        outbox.arm(Deployments.heat(plane, "old", "dep_old"));
        outbox.complete("old", Deployments.response("x"));
        outbox.arm(Deployments.tempUrl(plane, "mine", "dep_mine"));
        outbox.complete("mine", Deployments.response("x"));
        plane.fail("/heat/", 503, 1000);
        signaler = signaler(outbox, fast(Duration.ofHours(24)), Clock.systemUTC());

        long start = System.nanoTime();
        List<SignalEnvelope> pending = signaler.drain("mine"::equals, Duration.ofSeconds(20));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(pending).isEmpty();
        assertThat(plane.requestsTo("/heat/")).isEmpty();
        assertThat(outbox.get("old").orElseThrow().state()).isEqualTo(SignalState.READY);
    }

    @Test
    void aSignalNotDeliveredBeforeTheDeadlineIsGivenUp() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        SignalOutbox outbox = new SignalOutbox(state, clock);
        outbox.arm(Deployments.heat(plane, "h1", "dep_heat"));
        outbox.complete("h1", Deployments.response("x"));
        plane.fail("/heat/", 503, 1000);
        var settings = fast(Duration.ofMinutes(10));
        signaler = signaler(outbox, settings, clock);

        signaler.drain(Duration.ofMillis(300));
        assertThat(outbox.get("h1").orElseThrow().state()).isEqualTo(SignalState.READY);
        clock.advance(Duration.ofMinutes(11));
        List<SignalEnvelope> pending = signaler.drain(Duration.ofSeconds(2));

        assertThat(pending).isEmpty();
        assertThat(outbox.get("h1").orElseThrow().state()).isEqualTo(SignalState.GIVEN_UP);
        assertThat(outbox.get("h1").orElseThrow().lastError())
                .startsWith("not delivered within PT10M: HTTP 503 from POST ");
        assertThat(statuses.getLast()).startsWith("h1 given_up");
        assertThat(signals("HEAT_SIGNAL", "given_up")).isEqualTo(1);
    }

    @Test
    void drainDeliversWhatIsReadyAndReturnsWhatIsStillPending() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        outbox.arm(Deployments.tempUrl(plane, "t1", "dep_a"));
        outbox.arm(Deployments.tempUrl(plane, "t2", "dep_b"));
        outbox.complete("t1", Deployments.response("x"));
        signaler = signaler(outbox, fast(Duration.ofMinutes(5)), Clock.systemUTC());

        List<SignalEnvelope> pending = signaler.drain(Duration.ofSeconds(5));

        assertThat(pending).extracting(SignalEnvelope::deploymentId).containsExactly("t2");
        assertThat(plane.object("8a5fd4c3/dep_a")).isPresent();
    }

    @Test
    void backoffDoublesWithJitterUpToTheMaximum() throws Exception {
        var settings = new AgentConfig.Signals(
                Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(1));
        Signaler s = signaler(new SignalOutbox(state, Clock.systemUTC()), settings, Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            assertThat(s.backoff(1).toMillis()).isBetween(500L, 1000L);
            assertThat(s.backoff(3).toMillis()).isBetween(2000L, 4000L);
            assertThat(s.backoff(30).toMillis()).isBetween(4000L, 8000L);
        }
    }

    @Test
    void secretsNeverReachTheLogs() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
            var cfn = Deployments.cfn(plane, "c1", "dep_cfn", Instant.now());
            var heat = Deployments.heat(plane, "h1", "dep_heat");
            var temp = Deployments.tempUrl(plane, "t1", "dep_tempurl");
            for (var d : List.of(cfn, heat, temp)) {
                outbox.arm(d);
                outbox.complete(d.id(), Deployments.response("x"));
            }
            plane.fail("/v1/signal/", 503, 2);
            plane.fail("/heat/", 401, 1);
            plane.fail("/swift/", 500, 2);
            plane.fail("/identity/", 503, 1);
            signaler = signaler(outbox, fast(Duration.ofMinutes(5)), Clock.systemUTC());
            assertThat(signaler.drain(Duration.ofSeconds(10))).isEmpty();

            String text = logs.text();
            assertThat(text).contains("delivered");
            String cfnSig = cfn.input("deploy_signal_id").orElseThrow().replaceAll(".*Signature=", "");
            String tempSig = temp.input("deploy_signal_id").orElseThrow().replaceAll(".*temp_url_sig=([^&]*).*", "$1");
            assertThat(text).doesNotContain(FakeControlPlane.PASSWORD, cfnSig, tempSig, "TOKEN-");
            assertThat(statuses)
                    .allSatisfy(s -> assertThat(s).doesNotContain(cfnSig, tempSig, FakeControlPlane.PASSWORD));
        }
    }

    @Test
    void aTransportThatThrowsIsRetriedWithBackoffNotInAHotLoop() throws Exception {
        SignalOutbox outbox = new SignalOutbox(state, Clock.systemUTC());
        outbox.arm(Deployments.tempUrl(plane, "t1", "dep_tempurl"));
        outbox.complete("t1", Deployments.response("x"));
        var calls = new java.util.concurrent.CopyOnWriteArrayList<Long>();
        SignalTransport broken = new SignalTransport() {
            @Override
            public String name() {
                return "TEMP_URL_SIGNAL";
            }

            @Override
            public void send(SignalEnvelope e) {
                calls.add(System.nanoTime());
                throw new IllegalStateException("bug");
            }
        };
        var settings = new AgentConfig.Signals(
                Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1));
        signaler = new Signaler(outbox, List.of(broken), settings, Clock.systemUTC(), listener, registry);

        signaler.drain(Duration.ofMillis(500));

        // Retried, and each retry waited its backoff (at least half of initial_backoff, 50 ms here,
        // less a little scheduling slack): no hot loop, whatever the machine's speed.
        assertThat(calls).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.ofNanos(calls.get(i) - calls.get(i - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(45));
        }
        assertThat(outbox.get("t1").orElseThrow().lastError()).isEqualTo("IllegalStateException: bug");
    }
}
