package dev.hearth.collect;

import static dev.hearth.testing.FakeControlPlane.PASSWORD;
import static dev.hearth.testing.FakeControlPlane.PROJECT_ID;
import static dev.hearth.testing.FakeControlPlane.STACK_ID;
import static dev.hearth.testing.FakeControlPlane.USER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.config.CollectorSettings;
import dev.hearth.json.Json;
import dev.hearth.metrics.Meters;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.secret.Secret;
import dev.hearth.testing.FakeControlPlane;
import dev.hearth.testing.FakeControlPlane.Recorded;
import dev.hearth.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCollectorsTest {
    static final Duration T = Duration.ofSeconds(5);
    final FakeControlPlane plane = FakeControlPlane.start();
    final ControlPlaneHttp http = ControlPlaneHttp.create();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final JsonNode md1 = Json.parse(
            "{\"deployments\": [{\"id\": \"d1\", \"name\": \"one\", \"group\": \"script\"}], \"os-collect-config\": {\"collectors\": [\"heat\"]}}");
    final JsonNode md2 = Json.parse("{\"deployments\": [{\"id\": \"d2\", \"name\": \"two\", \"group\": \"script\"}]}");

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        plane.close();
    }

    double requests(String collector) {
        return registry.get(Meters.COLLECTOR_REQUESTS)
                .tag("collector", collector)
                .counter()
                .count();
    }

    // ------------------------------------------------------------------ request

    @Test
    void requestCollectorSendsOneConditionalGetPerIdlePoll() throws Exception {
        plane.putObject("server-container/obj-uuid", Json.write(md1));
        String url = plane.tempUrl("GET", "server-container/obj-uuid");
        var c = new RequestCollector(new CollectorSettings.Request(Secret.of(url), T), http, registry);

        assertThat(c.collect()).contains(md1);
        Recorded first = plane.requests().getFirst();
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.header("if-none-match")).isEmpty();

        assertThat(c.collect()).contains(md1);
        assertThat(c.collect()).contains(md1);
        assertThat(plane.requests()).hasSize(3);
        Recorded idle = plane.requests().getLast();
        assertThat(idle.method()).isEqualTo("GET");
        assertThat(idle.header("if-none-match"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("\""));
        assertThat(idle.header("if-modified-since")).isPresent();
        assertThat(requests("request")).isEqualTo(3);

        plane.putObject("server-container/obj-uuid", Json.write(md2));
        assertThat(c.collect()).contains(md2);
    }

    @Test
    void requestCollectorErrorsMaskTheTempUrlSignature() {
        String url = plane.tempUrl("GET", "server-container/missing");
        var c = new RequestCollector(new CollectorSettings.Request(Secret.of(url), T), http, registry);
        String sig = url.substring(url.indexOf("temp_url_sig=") + 13, url.indexOf('&'));
        assertThatThrownBy(c::collect)
                .isInstanceOf(CollectorException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageNotContaining(sig);
    }

    @Test
    void requestCollectorWithoutUrlIsNotConfigured() throws Exception {
        assertThat(new RequestCollector(new CollectorSettings.Request(null, T), http, registry).collect())
                .isEmpty();
    }

    // ------------------------------------------------------------------ heat

    CollectorSettings.Heat heatSettings() {
        return new CollectorSettings.Heat(
                plane.authUrl(),
                USER_ID,
                Secret.of(PASSWORD),
                PROJECT_ID,
                STACK_ID,
                "server1",
                FakeControlPlane.REGION,
                T);
    }

    @Test
    void heatCollectorAuthenticatesOnceThenOneGetPerPoll() throws Exception {
        plane.heatMetadata(STACK_ID, "server1", md1);
        var c = new HeatCollector(heatSettings(), http, registry, Clock.systemUTC());

        assertThat(c.collect()).contains(md1);
        assertThat(c.collect()).contains(md1);
        plane.heatMetadata(STACK_ID, "server1", md2);
        assertThat(c.collect()).contains(md2);

        List<Recorded> reqs = plane.requests();
        assertThat(reqs)
                .extracting(Recorded::toString)
                .containsExactly(
                        "POST /identity/v3/auth/tokens",
                        "GET /heat/v1/PROJ1/stacks/" + STACK_ID + "/resources/server1/metadata",
                        "GET /heat/v1/PROJ1/stacks/" + STACK_ID + "/resources/server1/metadata",
                        "GET /heat/v1/PROJ1/stacks/" + STACK_ID + "/resources/server1/metadata");
        assertThat(reqs.get(1).header("x-auth-token")).contains("TOKEN-1");
        assertThat(reqs.get(3).header("x-auth-token")).contains("TOKEN-1");
        assertThat(requests("heat")).isEqualTo(4);
    }

    @Test
    void heatCollectorReauthenticatesAfterA401() throws Exception {
        plane.heatMetadata(STACK_ID, "server1", md1);
        var c = new HeatCollector(heatSettings(), http, registry, Clock.systemUTC());
        c.collect();
        plane.revokeTokens();
        assertThat(c.collect()).contains(md1);
        assertThat(plane.tokensIssued()).isEqualTo(2);
    }

    @Test
    void heatCollectorFailureMessagesHoldNoPasswordOrToken() throws Exception {
        var wrong = new CollectorSettings.Heat(
                plane.authUrl(), USER_ID, Secret.of("not-the-password"), PROJECT_ID, STACK_ID, "server1", null, T);
        assertThatThrownBy(() -> new HeatCollector(wrong, http, registry, Clock.systemUTC()).collect())
                .isInstanceOf(CollectorException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("not-the-password");
        var c = new HeatCollector(heatSettings(), http, registry, Clock.systemUTC());
        assertThatThrownBy(c::collect).hasMessageContaining("HTTP 404").hasMessageNotContaining("TOKEN-");
    }

    @Test
    void heatCollectorWithEmptyRenderedSettingsIsNotConfigured() throws Exception {
        var empty = new CollectorSettings.Heat("", "", Secret.of(""), "", "", "", "", T);
        assertThat(new HeatCollector(empty, http, registry, Clock.systemUTC()).collect())
                .isEmpty();
        assertThat(plane.requests()).isEmpty();
    }

    // ------------------------------------------------------------------ cfn

    @Test
    void cfnCollectorSendsTheSignedDescribeStackResourceOncePerPoll() throws Exception {
        JsonNode serverMd = Json.parse("{\"os-collect-config\": {\"cfn\": {}}, \"deployments\": []}");
        plane.cfnMetadata("mystack", "server1", serverMd);
        var settings = new CollectorSettings.Cfn(
                plane.cfnMetadataUrl(),
                FakeControlPlane.ACCESS_KEY,
                Secret.of(FakeControlPlane.SECRET_KEY),
                "mystack",
                List.of("server1.Metadata"),
                null,
                T);
        var c = new CfnCollector(settings, http, registry, null);

        assertThat(c.collect()).contains(serverMd);
        assertThat(c.collect()).contains(serverMd);

        assertThat(plane.requests()).hasSize(2);
        Recorded r = plane.requests().getFirst();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/v1/");
        assertThat(r.header("content-type")).contains("application/json");
        Map<String, String> p = r.params();
        assertThat(p.keySet())
                .containsExactly(
                        "Action",
                        "StackName",
                        "LogicalResourceId",
                        "AWSAccessKeyId",
                        "SignatureVersion",
                        "SignatureMethod",
                        "Signature");
        assertThat(p)
                .containsEntry("Action", "DescribeStackResource")
                .containsEntry("StackName", "mystack")
                .containsEntry("LogicalResourceId", "server1")
                .containsEntry("SignatureVersion", "2")
                .containsEntry("SignatureMethod", "HmacSHA256");
        assertThat(p.get("Signature"))
                .isEqualTo(
                        new Ec2Signer(FakeControlPlane.SECRET_KEY).sign("GET", "127.0.0.1:" + plane.port(), "/v1/", p));
        assertThat(requests("cfn")).isEqualTo(2);
    }

    @Test
    void cfnCollectorWalksSubKeysAndMergesPaths() throws Exception {
        plane.cfnMetadata("mystack", "server1", Json.parse("{\"a\": {\"b\": {\"x\": 1}}}"));
        plane.cfnMetadata("mystack", "server2", Json.parse("{\"y\": 2}"));
        var settings = new CollectorSettings.Cfn(
                null,
                FakeControlPlane.ACCESS_KEY,
                Secret.of(FakeControlPlane.SECRET_KEY),
                "mystack",
                List.of("server1.Metadata.a.b", "server2.Metadata"),
                null,
                T);
        Path hint = Files.writeString(tmp.resolve("cfn-metadata-server"), plane.baseUrl() + "\n");

        assertThat(new CfnCollector(settings, http, registry, hint).collect())
                .contains(Json.parse("{\"x\": 1, \"y\": 2}"));
    }

    @Test
    void cfnCollectorWithAWrongSecretIsUnavailableWithoutTheSignature() {
        plane.cfnMetadata("mystack", "server1", Json.parse("{}"));
        var settings = new CollectorSettings.Cfn(
                plane.cfnMetadataUrl(),
                FakeControlPlane.ACCESS_KEY,
                Secret.of("WRONGSECRET"),
                "mystack",
                List.of("server1.Metadata"),
                null,
                T);
        assertThatThrownBy(() -> new CfnCollector(settings, http, registry, null).collect())
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("Signature=*****")
                .hasMessageNotContaining("WRONGSECRET");
    }

    @Test
    void cfnXmlWithADoctypeIsRefused() {
        byte[] xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CfnCollector.fieldText(xml, "Metadata")).hasMessageContaining("not valid XML");
    }

    // ------------------------------------------------------------------ zaqar

    CollectorSettings.Zaqar zaqarSettings() {
        return new CollectorSettings.Zaqar(
                plane.authUrl(), USER_ID, Secret.of(PASSWORD), PROJECT_ID, "server-queue", null, T);
    }

    @Test
    void zaqarCollectorDrainsTheQueueAndKeepsTheNewestDocument() throws Exception {
        for (int i = 0; i < 25; i++) plane.postToQueue("server-queue", Json.parse("{\"n\": " + i + "}"));
        Path state = tmp.resolve("state/collectors/zaqar.json");
        var c = new ZaqarCollector(zaqarSettings(), http, registry, Clock.systemUTC(), state);

        assertThat(c.collect()).contains(Json.parse("{\"n\": 24}"));
        assertThat(plane.queueMessages("server-queue")).isEmpty();
        List<Recorded> reqs = plane.requests();
        assertThat(reqs)
                .extracting(Recorded::toString)
                .containsExactly(
                        "POST /identity/v3/auth/tokens",
                        "DELETE /zaqar/v2/queues/server-queue/messages?pop=20",
                        "DELETE /zaqar/v2/queues/server-queue/messages?pop=20");
        Recorded pop = reqs.get(1);
        assertThat(pop.header("x-auth-token")).contains("TOKEN-1");
        assertThat(pop.header("x-project-id")).contains(PROJECT_ID);
        assertThat(pop.header("client-id")).isPresent();
        assertThat(reqs.get(2).header("client-id")).isEqualTo(pop.header("client-id"));

        // Idle: one pop, same document.
        plane.clearRequests();
        assertThat(c.collect()).contains(Json.parse("{\"n\": 24}"));
        assertThat(plane.requests()).hasSize(1);

        // Kept across a restart of the agent, mode 0600.
        assertThat(Files.getPosixFilePermissions(state)).isEqualTo(dev.hearth.fs.AtomicFiles.FILE_0600);
        var restarted = new ZaqarCollector(zaqarSettings(), http, registry, Clock.systemUTC(), state);
        assertThat(restarted.collect()).contains(Json.parse("{\"n\": 24}"));
    }

    @Test
    void zaqarCollectorTakesTheNewestByAgeNotByPlaceInTheAnswer() throws Exception {
        Instant now = Instant.now();
        // Zaqar's Swift store lists by a name that now and then puts the newer message first.
        plane.postToQueueAhead("server-queue", md1, now.minusSeconds(30));
        plane.postToQueueAhead("server-queue", md2, now.minusSeconds(10));
        var c = new ZaqarCollector(zaqarSettings(), http, registry, Clock.systemUTC(), null);
        assertThat(c.collect()).contains(md2);

        // A message posted well before the kept document that shows up in a later poll is ignored.
        plane.postToQueueAhead("server-queue", md1, now.minusSeconds(20));
        assertThat(c.collect()).contains(md2);
        assertThat(plane.queueMessages("server-queue")).isEmpty();

        JsonNode md3 = Json.parse("{\"deployments\": []}");
        plane.postToQueue("server-queue", md3);
        assertThat(c.collect()).contains(md3);
    }

    @Test
    void zaqarCollectorWeighsAgesOfDifferentAnswersWithSlack() throws Exception {
        // 25 messages posted at one moment: two pops. Each reading of the control plane's clock is half a
        // second later, so the second answer counts its ages from a later moment than the first and its
        // messages look posted earlier than they were; the last of the queue is still the newest.
        Instant posted = Instant.now().minusSeconds(60);
        for (int i = 24; i >= 0; i--) plane.postToQueueAhead("server-queue", Json.parse("{\"n\": " + i + "}"), posted);
        plane.clock(MutableClock.stepping(Instant.now(), Duration.ofMillis(500)));
        var c = new ZaqarCollector(zaqarSettings(), http, registry, Clock.systemUTC(), null);
        assertThat(c.collect()).contains(Json.parse("{\"n\": 24}"));
    }

    @Test
    void zaqarCollectorWithAnEmptyQueueAndNothingSeenIsUnavailable() {
        var c = new ZaqarCollector(zaqarSettings(), http, registry, Clock.systemUTC(), null);
        assertThatThrownBy(c::collect).hasMessageContaining("queue server-queue is empty");
    }
}
