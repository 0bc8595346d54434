package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import dev.hearth.testing.FakeControlPlane;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while a hook runs and while a signal is pending; the control plane down for a while:
 * every deployment is signalled exactly once and no state file is corrupt.
 */
class CrashAndOutageTest {
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

    private void startAgent(String extra) throws Exception {
        startAgent(Metadata.heatCollector(plane), extra);
    }

    private void startAgent(String collector, String extra) throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, collector + """
                polling: {min_interval: 200ms, max_interval: 1s}
                signals: {initial_backoff: 100ms, max_backoff: 400ms, timeout: 3s}
                http: {listen: ""}
                heat_config_deployed_dir: %s
                %s
                """.formatted(dir.resolve("none"), extra));
        agent = HearthProcess.start(
                dir,
                Map.of(),
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
    }

    /**
     * Every state file parses (markers and outbox): nothing half-written. A kill can land between an
     * atomic write's temp file and its rename; that temp file is never read as state, and the next
     * agent removes it ({@link #assertNoTemporaryFilesLeft}).
     */
    private void assertStateFilesParse() throws Exception {
        for (String sub : new String[] {"deployments", "outbox"}) {
            Path d = dir.resolve("state").resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
                for (Path f : files) {
                    if (Files.isRegularFile(f) && !f.getFileName().toString().contains(".tmp-")) {
                        assertThat(Json.parse(Files.readString(f)).isObject())
                                .as(f.toString())
                                .isTrue();
                    }
                }
            }
        }
    }

    /** After a restart, no temp file of an interrupted write is left anywhere in the state directory. */
    private void assertNoTemporaryFilesLeft() throws Exception {
        try (var files = Files.walk(dir.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void killedWhileAHookRunsIsSignalledFailedOnceAfterRestart() throws Exception {
        Path started = dir.resolve("started");
        Metadata md = new Metadata(plane);
        md.script("k-1", "dep_k1", "HEAT_SIGNAL", "#!/bin/sh\ntouch " + started + "\nsleep 120\n");
        md.script("k-2", "dep_k2", "HEAT_SIGNAL", Metadata.ECHO);
        plane.heatMetadata(FakeControlPlane.STACK_ID, "server1", md.document());
        startAgent("");
        await().atMost(WAIT).until(() -> Files.exists(started));
        agent.kill9();
        assertStateFilesParse();
        assertThat(plane.heatSignals(FakeControlPlane.STACK_ID, "dep_k1")).isEmpty();

        startAgent("");
        await().atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_k1").size() == 1
                                && plane.heatSignals(FakeControlPlane.STACK_ID, "dep_k2")
                                                .size()
                                        == 1);
        JsonNode interrupted =
                plane.heatSignals(FakeControlPlane.STACK_ID, "dep_k1").getFirst();
        assertThat(interrupted.get("deploy_status_code").asInt()).isEqualTo(1);
        assertThat(interrupted.get("deploy_stderr").asText()).contains("stopped (crash, kill or reboot)");
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_k1").size() == 1
                                && plane.heatSignals(FakeControlPlane.STACK_ID, "dep_k2")
                                                .size()
                                        == 1);
        assertThat(agent.terminate(Duration.ofSeconds(30))).isZero();
        assertThat(plane.heatSignals(FakeControlPlane.STACK_ID, "dep_k1")).hasSize(1);
        assertThat(plane.heatSignals(FakeControlPlane.STACK_ID, "dep_k2")).hasSize(1);
        assertThat(Files.readString(dir.resolve("state/deployments/k-1.json"))).contains("interrupted");
        assertStateFilesParse();
        assertNoTemporaryFilesLeft();
    }

    @Test
    void killedWhileAHookRunsIsReRunWhenItsGroupIsSafe() throws Exception {
        Path runs = dir.resolve("runs");
        Path firstRun = dir.resolve("first-run");
        Metadata md = new Metadata(plane);
        md.script(
                "s-1",
                "dep_s1",
                "HEAT_SIGNAL",
                "#!/bin/sh\necho run >> " + runs + "\nif [ ! -e " + firstRun + " ]; then touch " + firstRun
                        + "; sleep 120; fi\necho done\n");
        plane.heatMetadata(FakeControlPlane.STACK_ID, "server1", md.document());
        startAgent("hooks: {rerun_interrupted: [script]}");
        await().atMost(WAIT).until(() -> Files.exists(firstRun));
        agent.kill9();
        startAgent("hooks: {rerun_interrupted: [script]}");
        await().atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_s1").size() == 1);
        assertThat(plane.heatSignals(FakeControlPlane.STACK_ID, "dep_s1")
                        .getFirst()
                        .get("deploy_status_code")
                        .asInt())
                .isZero();
        assertThat(Files.readAllLines(runs)).hasSize(2);
        await().during(Duration.ofMillis(1500))
                .atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_s1").size() == 1);
    }

    @Test
    void killedWhileASignalIsPendingDeliversItOnceAfterRestart() throws Exception {
        Metadata md = new Metadata(plane);
        md.script("p-1", "dep_p1", "CFN_SIGNAL", Metadata.ECHO);
        plane.heatMetadata(FakeControlPlane.STACK_ID, "server1", md.document());
        plane.fail("/v1/signal/", 503, 1_000_000);
        startAgent("");
        await().atMost(WAIT)
                .until(() ->
                        plane.requests(r -> r.path().startsWith("/v1/signal/")).size() >= 2);
        agent.kill9();
        assertStateFilesParse();
        assertThat(plane.cfnSignals("dep_p1")).isEmpty();
        plane.clearFaults();

        startAgent("");
        await().atMost(WAIT).until(() -> plane.cfnSignals("dep_p1").size() == 1);
        await().during(Duration.ofMillis(1500))
                .atMost(WAIT)
                .until(() -> plane.cfnSignals("dep_p1").size() == 1);
        assertThat(agent.terminate(Duration.ofSeconds(30))).isZero();
        assertThat(plane.cfnSignals("dep_p1")).hasSize(1);
        assertThat(Files.readString(dir.resolve("state/deployments/p-1.json"))).contains("delivered");
        assertThat(dir.resolve("state/outbox/p-1.json")).doesNotExist();
        assertNoTemporaryFilesLeft();
    }

    @Test
    void controlPlaneDownThenBackDeliversEverySignalOnce() throws Exception {
        Metadata md = new Metadata(plane);
        md.script("o-1", "dep_o1", "HEAT_SIGNAL", Metadata.ECHO);
        md.script("o-2", "dep_o2", "CFN_SIGNAL", Metadata.ECHO);
        md.script("o-3", "dep_o3", "TEMP_URL_SIGNAL", Metadata.ECHO);
        plane.heatMetadata(FakeControlPlane.STACK_ID, "server1", md.document());
        startAgent("");
        // Let the agent take the metadata, then take the whole control plane away for a while.
        await().atMost(WAIT)
                .until(() -> !plane.requests(r -> r.path().endsWith("/resources/server1/metadata"))
                        .isEmpty());
        plane.stop();
        await().atMost(WAIT)
                .until(() -> Files.exists(dir.resolve("state/deployments/o-3.json"))
                        && Files.readString(dir.resolve("state/deployments/o-3.json"))
                                .contains("succeeded"));
        Thread.sleep(1500); // signals fail with refused connections meanwhile
        plane.fail("/", 503, 5);
        plane.restart();
        await().atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_o1").size() == 1
                                && plane.cfnSignals("dep_o2").size() == 1
                                && plane.object("sig/dep_o3").isPresent());
        await().during(Duration.ofMillis(1500))
                .atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_o1").size() == 1
                                && plane.cfnSignals("dep_o2").size() == 1);
        assertThat(agent.isAlive()).isTrue();
        assertThat(plane.heatSignals(FakeControlPlane.STACK_ID, "dep_o1")).hasSize(1);
        assertThat(plane.cfnSignals("dep_o2")).hasSize(1);
        assertThat(plane.requests(r -> r.method().equals("PUT")
                        && r.path().contains("/sig/dep_o3")
                        && !r.path().isEmpty()))
                .isNotEmpty();
        assertStateFilesParse();
    }

    @Test
    void answersThatStopHalfwayHoldNeitherThePollNorTheSignals() throws Exception {
        Metadata md = new Metadata(plane);
        md.script("h-1", "dep_h1", "HEAT_SIGNAL", Metadata.ECHO);
        md.script("h-2", "dep_h2", "CFN_SIGNAL", Metadata.ECHO);
        plane.heatMetadata(FakeControlPlane.STACK_ID, "server1", md.document());
        // The status line and headers come at once, then the body never ends: the first poll and
        // the first attempt of each signal.
        String resources =
                "/heat/v1/" + FakeControlPlane.PROJECT_ID + "/stacks/" + FakeControlPlane.STACK_ID + "/resources/";
        plane.stall(resources + "server1/metadata", Duration.ofMinutes(10), 1);
        plane.stall(resources + "dep_h1/signal", Duration.ofMinutes(10), 1);
        plane.stall("/v1/signal/", Duration.ofMinutes(10), 1);
        startAgent(Metadata.heatCollector(plane) + "  timeout: 2s\n", "");

        await().atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_h1").size() == 1
                                && plane.cfnSignals("dep_h2").size() == 1);
        await().during(Duration.ofMillis(1500))
                .atMost(WAIT)
                .until(() ->
                        plane.heatSignals(FakeControlPlane.STACK_ID, "dep_h1").size() == 1
                                && plane.cfnSignals("dep_h2").size() == 1);
        assertThat(plane.requests(r -> r.path().endsWith("/resources/dep_h1/signal")))
                .hasSize(2);
        assertThat(plane.requests(r -> r.path().startsWith("/v1/signal/"))).hasSize(2);
        String log = agent.stderr() + agent.stdout();
        assertThat(log).contains("timed out after PT2S (HTTP 200, the answer stopped coming): GET ");
        assertThat(log).contains("timed out after PT3S (HTTP 200, the answer stopped coming): POST ");
        assertThat(log).doesNotContain(FakeControlPlane.PASSWORD);
        assertThat(agent.isAlive()).isTrue();
        assertStateFilesParse();
    }
}
