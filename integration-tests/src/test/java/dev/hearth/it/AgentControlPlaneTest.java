package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import dev.hearth.testing.FakeControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real `hearth agent` process against the loopback control plane: every collector brings the
 * metadata, every transport carries the signal, and the exact requests and bodies are asserted.
 */
class AgentControlPlaneTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private FakeControlPlane plane;
    private HearthProcess agent;

    @BeforeEach
    void startPlane() {
        plane = FakeControlPlane.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
        plane.close();
    }

    private HearthProcess startAgent(String collectorYaml) throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, collectorYaml + """
                polling: {min_interval: 200ms, max_interval: 1s}
                signals: {initial_backoff: 100ms, max_backoff: 500ms, timeout: 5s}
                http: {listen: ""}
                hooks: {timeout: 60s}
                heat_config_deployed_dir: %s
                """.formatted(dir.resolve("no-heat-config")));
        agent = HearthProcess.start(
                dir,
                Map.of(),
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
        return agent;
    }

    private static void assertEchoSignal(JsonNode signal) {
        assertThat(signal.get("deploy_stdout").asText()).isEqualTo("hello bar x3\n");
        assertThat(signal.get("deploy_stderr").asText()).isEqualTo("warn\n");
        assertThat(signal.get("deploy_status_code").asInt()).isZero();
        assertThat(signal.get("result").asText()).isEqualTo("result-of-bar");
    }

    @Test
    void heatCollectorAndEveryTransport() throws Exception {
        Metadata md = new Metadata(plane);
        md.script("d-cfn", "dep_cfn", "CFN_SIGNAL", Metadata.ECHO);
        md.script("d-heat", "dep_heat", "HEAT_SIGNAL", Metadata.ECHO);
        md.ungrouped("d-data", "settings");
        md.script("d-none", "dep_none", "NO_SIGNAL", "#!/bin/sh\ntouch " + dir.resolve("no-signal-ran") + "\n");
        md.script("d-temp", "dep_temp", "TEMP_URL_SIGNAL", Metadata.ECHO);
        md.script("d-zaqar", "dep_zaqar", "ZAQAR_SIGNAL", Metadata.ECHO);
        plane.heatMetadata(FakeControlPlane.STACK_ID, "server1", md.document());
        startAgent(Metadata.heatCollector(plane));

        await().atMost(WAIT)
                .until(() -> !plane.queueMessages("signal-dep_zaqar").isEmpty());
        await().atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_heat").size() == 1
                                && plane.cfnSignals("dep_cfn").size() == 1
                                && plane.object("sig/dep_temp").isPresent());

        assertEchoSignal(plane.cfnSignals("dep_cfn").getFirst());
        assertEchoSignal(
                plane.heatSignals(FakeControlPlane.STACK_ID, "dep_heat").getFirst());
        assertEchoSignal(Json.parse(plane.object("sig/dep_temp").orElseThrow()));
        assertEchoSignal(plane.queueMessages("signal-dep_zaqar").getFirst());
        assertThat(dir.resolve("no-signal-ran")).exists();

        // The exact wire: CFN posts the pre-signed URL verbatim, TempURL PUTs, Heat and Zaqar authenticate first.
        var cfn = plane.requests(r -> r.path().startsWith("/v1/signal/"));
        assertThat(cfn).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(r.params()).containsKeys("Signature", "Timestamp", "AWSAccessKeyId");
        });
        assertThat(plane.requests(r -> r.method().equals("PUT") && r.path().contains("/sig/dep_temp")))
                .hasSize(1);
        var auth = plane.requests(r -> r.path().endsWith("/auth/tokens"));
        assertThat(auth).isNotEmpty().allSatisfy(r -> {
            JsonNode body = r.json();
            assertThat(body.at("/auth/identity/methods/0").asText()).isEqualTo("password");
            assertThat(body.at("/auth/identity/password/user/id").asText()).isEqualTo(FakeControlPlane.USER_ID);
            assertThat(body.at("/auth/scope/project/id").asText()).isEqualTo(FakeControlPlane.PROJECT_ID);
        });
        assertThat(plane.requests(r -> r.method().equals("POST") && r.path().endsWith("/resources/dep_heat/signal")))
                .singleElement()
                .satisfies(r -> assertThat(r.header("x-auth-token")).isPresent());
        assertThat(plane.requests(
                        r -> r.method().equals("POST") && r.path().endsWith("/v2/queues/signal-dep_zaqar/messages")))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.json().at("/messages/0/ttl").asInt()).isEqualTo(600);
                    assertThat(r.header("client-id")).isPresent();
                });

        // Idle polls reuse the token: one metadata GET per poll, no new token.
        int tokens = plane.tokensIssued();
        int gets = plane.requests(r -> r.path().endsWith("/resources/server1/metadata"))
                .size();
        await().during(Duration.ofMillis(2500)).atMost(WAIT).until(() -> plane.tokensIssued() == tokens);
        assertThat(plane.requests(r -> r.path().endsWith("/resources/server1/metadata"))
                        .size())
                .isGreaterThan(gets);

        // Nothing twice; the data deployment never ran nor signalled; nothing secret in the logs.
        assertThat(agent.terminate(Duration.ofSeconds(30))).isZero();
        assertThat(plane.cfnSignals("dep_cfn")).hasSize(1);
        assertThat(plane.heatSignals(FakeControlPlane.STACK_ID, "dep_heat")).hasSize(1);
        assertThat(dir.resolve("state/deployments/d-data.json")).doesNotExist();
        String logs = agent.stderr() + agent.stdout();
        assertThat(logs).doesNotContain(FakeControlPlane.PASSWORD).doesNotContain("Signature=" + "x");
        for (String id : List.of("d-cfn", "d-heat", "d-temp", "d-zaqar", "d-none")) {
            String marker = Files.readString(dir.resolve("state/deployments/" + id + ".json"));
            assertThat(marker).doesNotContain(FakeControlPlane.PASSWORD).contains("\"state\" : \"succeeded\"");
        }
    }

    @Test
    void cfnCollector() throws Exception {
        Metadata md = new Metadata(plane);
        md.script("c-1", "dep_c1", "CFN_SIGNAL", Metadata.ECHO);
        plane.cfnMetadata("mystack", "server1", md.document());
        startAgent("""
                collectors: [cfn]
                cfn:
                  metadata_url: %s
                  access_key_id: %s
                  secret_access_key: %s
                  stack_name: mystack
                  path: [server1.Metadata]
                """.formatted(plane.cfnMetadataUrl(), FakeControlPlane.ACCESS_KEY, FakeControlPlane.SECRET_KEY));
        await().atMost(WAIT).until(() -> plane.cfnSignals("dep_c1").size() == 1);
        assertEchoSignal(plane.cfnSignals("dep_c1").getFirst());
        assertThat(plane.requests(r -> "DescribeStackResource".equals(r.params().get("Action"))))
                .first()
                .satisfies(r -> assertThat(r.params())
                        .containsEntry("StackName", "mystack")
                        .containsEntry("LogicalResourceId", "server1")
                        .containsKey("Signature"));
    }

    @Test
    void requestCollectorUsesConditionalGets() throws Exception {
        Metadata md = new Metadata(plane);
        md.script("r-1", "dep_r1", "TEMP_URL_SIGNAL", Metadata.ECHO);
        plane.putObject("md/server1", md.json());
        startAgent("""
                collectors: [request]
                request:
                  metadata_url: %s
                """.formatted(plane.tempUrl("GET", "md/server1")));
        await().atMost(WAIT).until(() -> plane.object("sig/dep_r1").isPresent());
        assertEchoSignal(Json.parse(plane.object("sig/dep_r1").orElseThrow()));
        await().atMost(WAIT)
                .until(() -> plane.requests(r -> r.path().endsWith("/md/server1")
                                        && r.header("if-none-match").isPresent())
                                .size()
                        >= 2);

        // A new document (Heat added a deployment) is picked up on a later poll.
        md.script("r-2", "dep_r2", "TEMP_URL_SIGNAL", Metadata.ECHO);
        plane.putObject("md/server1", md.json());
        await().atMost(WAIT).until(() -> plane.object("sig/dep_r2").isPresent());
        assertThat(Files.readString(dir.resolve("state/deployments/r-1.json"))).contains("succeeded");
    }

    @Test
    void zaqarCollectorUsesTheNewestDocument() throws Exception {
        Metadata old = new Metadata(plane);
        old.script("z-old", "dep_zold", "HEAT_SIGNAL", Metadata.ECHO);
        Metadata fresh = new Metadata(plane);
        fresh.script("z-new", "dep_znew", "HEAT_SIGNAL", Metadata.ECHO);
        plane.postToQueue("server-queue", old.document());
        plane.postToQueue("server-queue", fresh.document());
        startAgent("""
                collectors: [zaqar]
                zaqar:
                  auth_url: %s
                  user_id: %s
                  password: "%s"
                  project_id: %s
                  queue_id: server-queue
                """.formatted(
                plane.authUrl(), FakeControlPlane.USER_ID, FakeControlPlane.PASSWORD, FakeControlPlane.PROJECT_ID));
        await().atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_znew").size() == 1);
        assertThat(plane.heatSignals(FakeControlPlane.STACK_ID, "dep_zold")).isEmpty();
    }
}
