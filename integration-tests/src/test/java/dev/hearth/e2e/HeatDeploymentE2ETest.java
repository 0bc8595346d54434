package dev.hearth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.it.HearthProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hearth against a REAL Heat (integration-tests/openstack/setup.sh): each test creates a stack with
 * an OS::Heat::DeployedServer, configures a node with {@code hearth configure} from the server's
 * metadata, runs the real {@code hearth agent}, and asserts from Heat's side (stack status, the
 * software deployment's status, reason and output values).
 *
 * <p>Runs only with {@code -Pe2e}; fails (never skips) when the control plane is not up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeatDeploymentE2ETest {
    static final Duration STACK_WAIT = Duration.ofMinutes(3);

    static final String ECHO = """
            #!/bin/sh
            echo "hello $foo from $deploy_resource_name"
            echo "warn" 1>&2
            printf '%s' "result-of-$foo" > $heat_outputs_path.result
            """;

    private OpenStack os;
    private final List<OpenStack.Stack> stacks = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    /** Created first, signalled last: its CFN URL is older than keystone's auth_ttl by then. */
    private OpenStack.Stack expiring;
    private Instant expiringCreated;

    @TempDir
    Path dir;

    @BeforeAll
    void connect() {
        os = OpenStack.connect();
        expiring = os.createStack(OpenStack.uniqueName("e2e-expire"),
                template("POLL_TEMP_URL", "CFN_SIGNAL", ECHO, ""), Map.of(), 20);
        expiringCreated = Instant.now();
        stacks.add(expiring);
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (Node n : nodes) n.close();
        nodes.clear();
    }

    @AfterAll
    void cleanup() throws Exception {
        try {
            os.deleteStacks(stacks, Duration.ofSeconds(90));
        } finally {
            os.close();
        }
    }

    /**
     * A DeployedServer and one script deployment with input {@code foo} and output {@code result};
     * {@code extra} adds resources (indented two spaces under resources:).
     */
    static String template(String transport, String signal, String script, String extra) {
        return """
                heat_template_version: 2018-08-31
                parameters:
                  foo: {type: string, default: bar}
                resources:
                  server:
                    type: OS::Heat::DeployedServer
                    properties:
                      software_config_transport: %s
                  config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: script
                      inputs: [{name: foo}]
                      outputs: [{name: result}]
                      config: |
                %s
                  deployment:
                    type: OS::Heat::SoftwareDeployment
                    properties:
                      config: {get_resource: config}
                      server: {get_resource: server}
                      signal_transport: %s
                      input_values: {foo: {get_param: foo}}
                %s
                outputs:
                  result: {value: {get_attr: [deployment, result]}}
                """.formatted(transport, script.indent(8).stripTrailing(), signal, extra);
    }

    private OpenStack.Stack create(String prefix, String template) {
        OpenStack.Stack s = os.createStack(OpenStack.uniqueName(prefix), template, Map.of(), 10);
        stacks.add(s);
        return s;
    }

    private Node node(String name, OpenStack.Stack s, int deployments, String extraYaml) throws Exception {
        JsonNode md = os.awaitServerMetadata(s, "server", deployments, Duration.ofSeconds(90));
        Node n = new Node(dir.resolve(name)).configure(md, extraYaml);
        nodes.add(n);
        return n;
    }

    private JsonNode awaitStack(OpenStack.Stack s, Node n) throws InterruptedException {
        try {
            return os.awaitStack(s, STACK_WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nresources: " + os.resourceStatuses(s) + "\nagent log:\n" + n.log(), e);
        }
    }

    private void assertEchoDeployment(OpenStack.Stack s, String resource) {
        JsonNode d = os.deploymentOf(s, resource);
        assertThat(d.path("status").asText()).as("%s", d).isEqualTo("COMPLETE");
        assertThat(d.path("status_reason").asText()).isEqualTo("Outputs received");
        JsonNode out = d.path("output_values");
        assertThat(out.path("deploy_stdout").asText()).isEqualTo("hello bar from " + resource + "\n");
        assertThat(out.path("deploy_stderr").asText()).isEqualTo("warn\n");
        assertThat(out.path("deploy_status_code").asInt(-1)).isZero();
        assertThat(out.path("result").asText()).isEqualTo("result-of-bar");
    }

    // ---- (a) POLL_SERVER_HEAT + HEAT_SIGNAL; (d) NO_SIGNAL and Heat::Ungrouped as data ------------------

    @Test
    @Order(1)
    void pollServerHeatAndHeatSignalWithNoSignalAndUngroupedData() throws Exception {
        String extra = """
                  data_config:
                    type: OS::Heat::StructuredConfig
                    properties:
                      group: Heat::Ungrouped
                      config: {myapp: {listen_port: 8080}}
                  data:
                    type: OS::Heat::StructuredDeployment
                    properties:
                      config: {get_resource: data_config}
                      server: {get_resource: server}
                      signal_transport: NO_SIGNAL
                  quiet:
                    type: OS::Heat::SoftwareDeployment
                    properties:
                      config: {get_resource: config}
                      server: {get_resource: server}
                      signal_transport: NO_SIGNAL
                      input_values: {foo: quiet}
                """;
        OpenStack.Stack s = create("e2e-heat", template("POLL_SERVER_HEAT", "HEAT_SIGNAL", ECHO, extra));
        Node n = node("heat", s, 3, null).start();
        assertThat(n.agentConfig().collectors()).containsExactly("heat", "local");
        assertThat(n.agentConfig().heat().resourceName()).isEqualTo("server");

        JsonNode st = awaitStack(s, n);
        assertThat(st.path("stack_status").asText()).as("%s\n%s", st.path("stack_status_reason"), n.log())
                .isEqualTo("CREATE_COMPLETE");
        assertEchoDeployment(s, "deployment");
        assertThat(os.output(s, "result")).isEqualTo("result-of-bar");
        // NO_SIGNAL: Heat did not wait, the agent still ran it (the marker says so).
        assertThat(os.deploymentOf(s, "quiet").path("status").asText()).isEqualTo("COMPLETE");
        // Each deployment (script, NO_SIGNAL script, Ungrouped data) is recorded once by the agent.
        Path markers = n.dir.resolve("state/deployments");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(markers) && countFiles(markers) >= 2);
        assertThat(n.log()).doesNotContain("Heat::Ungrouped hook");
    }

    @Test
    @Order(2)
    void failingDeploymentFailsTheStackWithItsReason() throws Exception {
        OpenStack.Stack s = create("e2e-fail", template("POLL_SERVER_HEAT", "HEAT_SIGNAL",
                "#!/bin/sh\necho about to fail\necho broken >&2\nexit 3\n", ""));
        Node n = node("fail", s, 1, null).start();
        JsonNode st = awaitStack(s, n);
        assertThat(st.path("stack_status").asText()).isEqualTo("CREATE_FAILED");
        assertThat(st.path("stack_status_reason").asText())
                .contains("deploy_status_code : Deployment exited with non-zero status code: 3");
        JsonNode d = os.deploymentOf(s, "deployment");
        assertThat(d.path("status").asText()).isEqualTo("FAILED");
        assertThat(d.path("output_values").path("deploy_stdout").asText()).isEqualTo("about to fail\n");
        assertThat(d.path("output_values").path("deploy_stderr").asText()).isEqualTo("broken\n");
        assertThat(d.path("output_values").path("deploy_status_code").asInt()).isEqualTo(3);
    }

    // ---- (b) POLL_SERVER_CFN + CFN_SIGNAL ---------------------------------------------------------------

    @Test
    @Order(3)
    void pollServerCfnAndCfnSignal() throws Exception {
        OpenStack.Stack s = create("e2e-cfn", template("POLL_SERVER_CFN", "CFN_SIGNAL", ECHO, ""));
        Node n = node("cfn", s, 1, null).start();
        assertThat(n.agentConfig().collectors()).containsExactly("cfn", "local");
        assertThat(n.agentConfig().cfn().path()).containsExactly("server.Metadata");
        JsonNode st = awaitStack(s, n);
        assertThat(st.path("stack_status").asText()).as("%s\n%s", st.path("stack_status_reason"), n.log())
                .isEqualTo("CREATE_COMPLETE");
        assertEchoDeployment(s, "deployment");
    }

    // ---- (c) POLL_TEMP_URL + TEMP_URL_SIGNAL -------------------------------------------------------------

    @Test
    @Order(4)
    void pollTempUrlAndTempUrlSignal() throws Exception {
        OpenStack.Stack s = create("e2e-swift", template("POLL_TEMP_URL", "TEMP_URL_SIGNAL", ECHO, ""));
        Node n = node("swift", s, 1, null).start();
        assertThat(n.agentConfig().collectors()).containsExactly("request", "local");
        assertThat(n.agentConfig().request().metadataUrl().value()).contains("temp_url_sig");
        JsonNode st = awaitStack(s, n);
        assertThat(st.path("stack_status").asText()).as("%s\n%s", st.path("stack_status_reason"), n.log())
                .isEqualTo("CREATE_COMPLETE");
        assertEchoDeployment(s, "deployment");
    }

    // ---- (f) ZAQAR_MESSAGE + ZAQAR_SIGNAL ---------------------------------------------------------------

    @Test
    @Order(5)
    void zaqarMessageAndZaqarSignal() throws Exception {
        assertThat(os.env("E2E_ZAQAR")).as("Zaqar in the control plane (setup.sh's zaqar.sh)").isEqualTo("up");
        OpenStack.Stack s = create("e2e-zaqar", template("ZAQAR_MESSAGE", "ZAQAR_SIGNAL", ECHO, ""));
        Node n = node("zaqar", s, 1, null).start();
        assertThat(n.agentConfig().collectors()).containsExactly("zaqar", "local");
        assertThat(n.agentConfig().zaqar().queueId()).isNotBlank();
        JsonNode st = awaitStack(s, n);
        assertThat(st.path("stack_status").asText()).as("%s\n%s", st.path("stack_status_reason"), n.log())
                .isEqualTo("CREATE_COMPLETE");
        assertEchoDeployment(s, "deployment");
    }

    // ---- (e) docker-cmd against the real dockerd, UPDATE replaces exactly the changed container ---------

    static final String DOCKER_TEMPLATE = """
            heat_template_version: 2018-08-31
            parameters:
              web_command: {type: string, default: "sleep 3600"}
            resources:
              server:
                type: OS::Heat::DeployedServer
                properties:
                  software_config_transport: POLL_SERVER_HEAT
              containers_config:
                type: OS::Heat::StructuredConfig
                properties:
                  group: docker-cmd
                  config:
                    web:
                      image: hearth-test/busybox:latest
                      net: none
                      command: [sh, -c, {get_param: web_command}]
                    worker:
                      image: hearth-test/busybox:latest
                      net: none
                      command: [sleep, "3600"]
                      environment: {MODE: steady}
              containers:
                type: OS::Heat::StructuredDeployment
                properties:
                  config: {get_resource: containers_config}
                  server: {get_resource: server}
                  signal_transport: HEAT_SIGNAL
                  actions: [CREATE, UPDATE]
            """;

    @Test
    @Order(7)
    void dockerCmdUpdateReplacesExactlyTheChangedContainer() throws Exception {
        OpenStack.Stack s = create("e2e-docker", DOCKER_TEMPLATE);
        String label = "label=deploy_stack_id=" + s.name() + "/" + s.id();
        try {
            Node n = node("docker", s, 1, null).start();
            JsonNode st = awaitStack(s, n);
            assertThat(st.path("stack_status").asText()).as("%s\n%s", st.path("stack_status_reason"), n.log())
                    .isEqualTo("CREATE_COMPLETE");
            String web = docker("ps", "-q", "--filter", label, "--filter", "label=container_name=web");
            String worker = docker("ps", "-q", "--filter", label, "--filter", "label=container_name=worker");
            assertThat(web).isNotBlank();
            assertThat(worker).isNotBlank();

            os.updateStack(s, DOCKER_TEMPLATE, Map.of("web_command", "sleep 7200"));
            Thread.sleep(2000);
            st = awaitStack(s, n);
            assertThat(st.path("stack_status").asText()).as("%s\n%s", st.path("stack_status_reason"), n.log())
                    .isEqualTo("UPDATE_COMPLETE");
            assertThat(os.deploymentOf(s, "containers").path("action").asText()).isEqualTo("UPDATE");
            String web2 = docker("ps", "-q", "--filter", label, "--filter", "label=container_name=web");
            assertThat(web2).isNotBlank().isNotEqualTo(web);
            assertThat(docker("inspect", "-f", "{{json .Config.Cmd}}", web2)).contains("sleep 7200");
            assertThat(docker("ps", "-q", "--filter", label, "--filter", "label=container_name=worker"))
                    .isEqualTo(worker);
        } finally {
            for (String id : docker("ps", "-aq", "--filter", label).split("\\s+")) {
                if (!id.isBlank()) docker("rm", "-f", id);
            }
        }
    }

    /** The docker CLI, in test code only, to look at what Hearth did. */
    static String docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) throw new AssertionError("docker " + String.join(" ", args) + ": " + out);
        return out;
    }

    // ---- (g) faults --------------------------------------------------------------------------------------

    /** heat-api down while the signal is pending (metadata from Swift): delivered once when it is back. */
    @Test
    @Order(8)
    void heatApiOutageWhileSignalPendingDeliversOnce() throws Exception {
        OpenStack.Stack s = create("e2e-outage", template("POLL_TEMP_URL", "HEAT_SIGNAL", ECHO, ""));
        Node n = node("outage", s, 1, null);
        Path heatLog = os.dir().resolve("log/heat-api.log");
        try {
            ControlPlane.stop("heat-api");
            n.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> n.log().matches("(?s).*(signal|Signal).*(refused|Connect|connect|retry|failed).*"));
            Thread.sleep(3000); // a few more failed attempts
        } finally {
            ControlPlane.start();
        }
        JsonNode st = awaitStack(s, n);
        assertThat(st.path("stack_status").asText()).as("%s\n%s", st.path("stack_status_reason"), n.log())
                .isEqualTo("CREATE_COMPLETE");
        assertEchoDeployment(s, "deployment");
        long posts = Files.readAllLines(heatLog).stream()
                .filter(l -> l.contains("\"POST ") && l.contains(s.id()) && l.contains("/resources/deployment/signal"))
                .count();
        assertThat(posts).as("signal POSTs in heat-api's access log").isEqualTo(1);
    }

    /** SIGKILL while the hook runs: the restarted agent signals it failed, saying why (nothing re-run). */
    @Test
    @Order(9)
    void sigkillMidDeploymentIsReportedToHeat() throws Exception {
        Path started = dir.resolve("kill-started");
        OpenStack.Stack s = create("e2e-kill", template("POLL_SERVER_HEAT", "HEAT_SIGNAL",
                "#!/bin/sh\ntouch " + started + "\nsleep 30\necho done\n", ""));
        Node n = node("kill", s, 1, null).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started));
        n.agent().kill9();
        // the orphaned hook (sleep) may live on; it is not the agent's any more
        n.start();
        JsonNode st = awaitStack(s, n);
        assertThat(st.path("stack_status").asText()).isEqualTo("CREATE_FAILED");
        JsonNode d = os.deploymentOf(s, "deployment");
        // Heat builds the reason from deploy_status_code only; Hearth's explanation is in deploy_stderr.
        assertThat(d.path("status").asText()).isEqualTo("FAILED");
        assertThat(d.path("status_reason").asText()).contains("Deployment exited with non-zero status code");
        assertThat(d.path("output_values").path("deploy_stderr").asText())
                .contains("Hearth was stopped (crash, kill or reboot) while this deployment's hook was running");
        assertThat(d.path("output_values").path("deploy_stdout").asText()).doesNotContain("done");
    }

    /** A CFN signal URL older than keystone's [credential] auth_ttl: "signal URL expired", no endless retry. */
    @Test
    @Order(20)
    void expiredCfnSignalUrlIsReportedAsExpired() throws Exception {
        int ttlMin = Integer.parseInt(os.env("E2E_AUTH_TTL_MIN"));
        JsonNode md = os.awaitServerMetadata(expiring, "server", 1, Duration.ofSeconds(90));
        Instant due = expiringCreated.plus(Duration.ofMinutes(ttlMin)).plusSeconds(15);
        long wait = Duration.between(Instant.now(), due).toMillis();
        if (wait > 0) Thread.sleep(wait);
        int port = freePort();
        Node n = new Node(dir.resolve("expire")).configure(md, """
                http: {listen: "127.0.0.1:%d"}
                signals: {initial_backoff: 500ms, max_backoff: 2s, timeout: 10s, cfn_url_ttl: %dm}
                """.formatted(port, ttlMin));
        nodes.add(n);
        n.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(n.log()).contains("signal URL expired");
            HearthProcess.Result r = n.hearth("status", "--json", "--config", n.config.toString());
            assertThat(r.stdout() + r.stderr()).contains("signal URL expired");
        });
        String metrics = httpGet("http://127.0.0.1:" + port + "/metrics");
        assertThat(metrics).containsPattern("hearth_signals_total\\{[^}]*result=\"expired\"[^}]*\\} 1\\.0");
        assertThat(os.stack(expiring).path("stack_status").asText()).isEqualTo("CREATE_IN_PROGRESS");
        long cfnAttempts = Files.readAllLines(os.dir().resolve("log/heat-api-cfn.log")).stream()
                .filter(l -> l.contains("POST /v1/signal/") && l.contains(expiring.id())).count();
        assertThat(cfnAttempts).as("one attempt, no retry of an expired URL").isEqualTo(1);
    }

    static long countFiles(Path d) throws java.io.IOException {
        try (var l = Files.list(d)) {
            return l.count();
        }
    }

    static int freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String httpGet(String url) throws Exception {
        try (var c = java.net.http.HttpClient.newHttpClient()) {
            return c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /** Stops and starts daemons through the setup scripts (never by name: by their pid files). */
    static final class ControlPlane {
        private ControlPlane() {}

        static final Path SCRIPTS = HearthProcess.HOME.resolve("integration-tests/openstack");

        static void stop(String service) throws Exception { run(SCRIPTS.resolve("stop.sh").toString(), service); }

        static void start() throws Exception { run(SCRIPTS.resolve("setup.sh").toString()); }

        private static void run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile("hearth-e2e-ctl", ".log").toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed");
            }
        }
    }
}
