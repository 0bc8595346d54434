package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.it.HearthProcess;
import dev.hearth.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

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
        expiring = os.createStack(
                OpenStack.uniqueName("e2e-expire"), template("POLL_TEMP_URL", "CFN_SIGNAL", ECHO, ""), Map.of(), 20);
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
            throw new AssertionError(
                    e.getMessage() + "\nresources: " + os.resourceStatuses(s) + "\nagent log:\n" + n.log(), e);
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

        assertStatus(s, n, "CREATE_COMPLETE");
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
        OpenStack.Stack s = create(
                "e2e-fail",
                template(
                        "POLL_SERVER_HEAT",
                        "HEAT_SIGNAL",
                        "#!/bin/sh\necho about to fail\necho broken >&2\nexit 3\n",
                        ""));
        Node n = node("fail", s, 1, null).start();
        JsonNode st = assertStatus(s, n, "CREATE_FAILED");
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
        assertStatus(s, n, "CREATE_COMPLETE");
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
        assertStatus(s, n, "CREATE_COMPLETE");
        assertEchoDeployment(s, "deployment");
    }

    // ---- (f) ZAQAR_MESSAGE + ZAQAR_SIGNAL ---------------------------------------------------------------

    @Test
    @Order(5)
    void zaqarMessageAndZaqarSignal() throws Exception {
        assertThat(os.env("E2E_ZAQAR"))
                .as("Zaqar in the control plane (setup.sh's zaqar.sh)")
                .isEqualTo("up");
        OpenStack.Stack s = create("e2e-zaqar", template("ZAQAR_MESSAGE", "ZAQAR_SIGNAL", ECHO, ""));
        Node n = node("zaqar", s, 1, null).start();
        assertThat(n.agentConfig().collectors()).containsExactly("zaqar", "local");
        assertThat(n.agentConfig().zaqar().queueId()).isNotBlank();
        assertStatus(s, n, "CREATE_COMPLETE");
        assertEchoDeployment(s, "deployment");
    }

    // ---- (h) the puppet, json-file and ansible hooks, each a deployment of one stack -----------------------

    /**
     * Three deployments on one server: a puppet manifest on the host (inputs as facts), a json-file
     * document below the node's hiera directory, an ansible playbook (inputs as extra vars); each
     * writes its declared output, which Heat must show.
     */
    static String hooksTemplate(Path files) {
        return """
                heat_template_version: 2018-08-31
                parameters:
                  foo: {type: string, default: bar}
                  port: {type: number, default: 8080}
                resources:
                  server:
                    type: OS::Heat::DeployedServer
                    properties:
                      software_config_transport: POLL_SERVER_HEAT
                  puppet_config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: puppet
                      inputs: [{name: foo}]
                      outputs: [{name: result}]
                      config: |
                        file { '%1$s/puppet.conf': content => "foo=${facts['foo']}\\n" }
                        file { "${facts['heat_outputs_path']}.result": content => "puppet-${facts['foo']}" }
                  puppet:
                    type: OS::Heat::SoftwareDeployment
                    properties:
                      config: {get_resource: puppet_config}
                      server: {get_resource: server}
                      signal_transport: HEAT_SIGNAL
                      input_values: {foo: {get_param: foo}}
                  json_config:
                    type: OS::Heat::StructuredConfig
                    properties:
                      group: json-file
                      config:
                        %1$s/app.json:
                          listen_port: {get_param: port}
                          workers: [a, b]
                  json:
                    type: OS::Heat::StructuredDeployment
                    properties:
                      config: {get_resource: json_config}
                      server: {get_resource: server}
                      signal_transport: HEAT_SIGNAL
                  ansible_config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: ansible
                      inputs: [{name: foo}]
                      outputs: [{name: result}]
                      config: |
                        - hosts: localhost
                          connection: local
                          gather_facts: false
                          tasks:
                            - name: write the output
                              copy:
                                content: "ansible-{{ foo }}"
                                dest: "{{ heat_outputs_path }}.result"
                  ansible:
                    type: OS::Heat::SoftwareDeployment
                    properties:
                      config: {get_resource: ansible_config}
                      server: {get_resource: server}
                      signal_transport: HEAT_SIGNAL
                      input_values: {foo: {get_param: foo}}
                """.formatted(files);
    }

    @Test
    @Order(6)
    void puppetJsonFileAndAnsibleHooks() throws Exception {
        Path files = dir.resolve("hooks/hiera");
        OpenStack.Stack s = create("e2e-hooks", hooksTemplate(files));
        Node n = node("hooks", s, 3, """
                config_volumes: {hiera_dir: %s, kolla_dir: %s}
                """.formatted(files, dir.resolve("hooks/kolla")));
        Files.createDirectories(files);
        n.start();
        assertStatus(s, n, "CREATE_COMPLETE");
        for (String r : List.of("puppet", "json", "ansible")) {
            JsonNode d = os.deploymentOf(s, r);
            assertThat(d.path("status").asText()).as("%s: %s", r, d).isEqualTo("COMPLETE");
            assertThat(d.path("output_values").path("deploy_status_code").asInt(-1))
                    .as(r)
                    .isZero();
        }
        JsonNode puppet = os.deploymentOf(s, "puppet").path("output_values");
        assertThat(puppet.path("result").asText()).isEqualTo("puppet-bar");
        assertThat(puppet.path("deploy_stdout").asText()).contains("Applied catalog");
        assertThat(Files.readString(files.resolve("puppet.conf"))).isEqualTo("foo=bar\n");
        assertThat(os.deploymentOf(s, "ansible")
                        .path("output_values")
                        .path("result")
                        .asText())
                .isEqualTo("ansible-bar");
        assertThat(os.deploymentOf(s, "ansible")
                        .path("output_values")
                        .path("deploy_stdout")
                        .asText())
                .contains("TASK [write the output]");
        JsonNode app = Json.parse(Files.readString(files.resolve("app.json")));
        assertThat(app.path("listen_port").asInt()).isEqualTo(8080);
        assertThat(app.path("workers").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    // ---- (e) docker-cmd against the real dockerd: the life of a stack ----------------------------------

    /** A container command that stops at once on SIGTERM (a bare sleep as pid 1 waits for the kill). */
    static final String SLEEPER = "\"trap 'exit 0' TERM; sleep 3600 & wait\"";

    /**
     * Deployment {@code containers} (web, worker) takes a deploy identifier as input, as TripleO's do,
     * so that changing it gives the deployment a new id with the same docker config; {@code cache}
     * is a second deployment that {@code withCache = false} removes.
     *
     * <p>Both keep Heat's default actions (CREATE, UPDATE). With DELETE among them Heat cannot delete
     * a deployment of a DeployedServer here: check_delete_complete asks nova whether the server exists
     * and, without a compute endpoint, fails with EndpointNotFound (with nova it gets a 404 and does
     * not wait for the node either). Heat deletes the deployment and pushes the server's metadata
     * without it; the node's cleanup pass removes its containers.
     */
    static String dockerTemplate(boolean withCache) {
        String cache = !withCache ? "" : """
                  cache_config:
                    type: OS::Heat::StructuredConfig
                    properties:
                      group: docker-cmd
                      config:
                        cache:
                          image: hearth-test/busybox:latest
                          net: none
                          command: [sh, -c, %s]
                  cache:
                    type: OS::Heat::StructuredDeployment
                    properties:
                      config: {get_resource: cache_config}
                      server: {get_resource: server}
                      signal_transport: HEAT_SIGNAL
                """.formatted(SLEEPER);
        return """
                heat_template_version: 2018-08-31
                parameters:
                  web_command: {type: string, default: %s}
                  deploy_identifier: {type: string, default: "1"}
                resources:
                  server:
                    type: OS::Heat::DeployedServer
                    properties:
                      software_config_transport: POLL_SERVER_HEAT
                  containers_config:
                    type: OS::Heat::StructuredConfig
                    properties:
                      group: docker-cmd
                      inputs: [{name: deploy_identifier}]
                      config:
                        web:
                          image: hearth-test/busybox:latest
                          net: none
                          command: [sh, -c, {get_param: web_command}]
                        worker:
                          image: hearth-test/busybox:latest
                          net: none
                          command: [sh, -c, %s]
                          environment: {MODE: steady}
                  containers:
                    type: OS::Heat::StructuredDeployment
                    properties:
                      config: {get_resource: containers_config}
                      server: {get_resource: server}
                      signal_transport: HEAT_SIGNAL
                      input_values: {deploy_identifier: {get_param: deploy_identifier}}
                %s""".formatted(SLEEPER, SLEEPER, cache);
    }

    /**
     * CREATE; an UPDATE that changes web's command replaces exactly web; an UPDATE with a new deploy
     * identifier (new deployment id, same config) touches nothing; an UPDATE without {@code cache}:
     * Heat's delete of it completes and the node removes its container; the stack delete completes.
     * Every step is judged by Heat's status first, then by the Engine.
     */
    @Test
    @Order(7)
    void dockerCmdStackLifecycle() throws Exception {
        OpenStack.Stack s = create("e2e-docker", dockerTemplate(true));
        String label = "label=deploy_stack_id=" + s.name() + "/" + s.id();
        try {
            Node n = node("docker", s, 2, null).start();
            assertStatus(s, n, "CREATE_COMPLETE");
            Map<String, String> created = containers(label);
            assertThat(created).containsOnlyKeys("web", "worker", "cache");

            // 1. web's command changes: web replaced, worker and cache kept.
            os.updateStack(s, dockerTemplate(true), Map.of("web_command", "trap 'exit 0' TERM; sleep 7200 & wait"));
            assertStatus(s, n, "UPDATE_COMPLETE");
            assertThat(os.deploymentOf(s, "containers").path("action").asText()).isEqualTo("UPDATE");
            Map<String, String> updated = containers(label);
            assertThat(updated.get("web")).isNotBlank().isNotEqualTo(created.get("web"));
            assertThat(docker("inspect", "-f", "{{json .Config.Cmd}}", updated.get("web")))
                    .contains("sleep 7200");
            assertThat(updated)
                    .containsEntry("worker", created.get("worker"))
                    .containsEntry("cache", created.get("cache"));

            // 2. a new deploy identifier: Heat sends the deployment under a new id, the config is the same.
            String idBefore = deploymentIdInMetadata(s, "containers");
            Map<String, String> started = startedAt(updated);
            os.updateStack(s, dockerTemplate(true), Map.of("deploy_identifier", "2"));
            assertStatus(s, n, "UPDATE_COMPLETE");
            assertThat(deploymentIdInMetadata(s, "containers"))
                    .as("the deployment's id in the server metadata")
                    .isNotEqualTo(idBefore);
            assertThat(os.deploymentOf(s, "containers").path("status").asText()).isEqualTo("COMPLETE");
            assertThat(containers(label)).as("no container replaced").isEqualTo(updated);
            assertThat(startedAt(updated)).as("no container restarted").isEqualTo(started);

            // 3. cache no longer in the template: Heat deletes its deployment and pushes the metadata
            //    without it; the node removes cache's container on its next pass.
            String cacheDeployment =
                    os.resource(s, "cache").path("physical_resource_id").asText();
            os.updateStack(s, dockerTemplate(false), Map.of());
            assertStatus(s, n, "UPDATE_COMPLETE");
            assertThat(os.resourceStatuses(s)).doesNotContainKey("cache");
            assertThat(os.softwareDeploymentStatus(cacheDeployment))
                    .as("cache's software deployment")
                    .isEqualTo(404);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(containers(label))
                            .as("cache removed, the others kept")
                            .isEqualTo(Map.of("web", updated.get("web"), "worker", updated.get("worker"))));
            assertThat(n.log().split("docker-cmd cleanup: removed cache \\(its deployment is gone\\)", -1))
                    .as("the cleanup logged once")
                    .hasSize(2);
            assertThat(signalPosts(s, "cache"))
                    .as("cache's signals: CREATE only")
                    .isEqualTo(1);
            assertThat(signalPosts(s, "containers"))
                    .as("containers' signals: CREATE and 2 UPDATEs")
                    .isEqualTo(3);

            // 4. stack delete.
            assertThat(os.deleteStack(s, STACK_WAIT))
                    .as("the stack after delete, agent log:\n%s", n.log())
                    .isEqualTo("DELETE_COMPLETE");
            // The node keeps what it has unless it saw the metadata without deployments before the
            // server went (Heat does not wait for it); it says plainly that its server is gone.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> n.log().contains("collector heat unavailable: heat: HTTP 404"));
            assertThat(n.agent().isAlive())
                    .as("the agent after its stack is gone")
                    .isTrue();
        } finally {
            removeContainers(label);
        }
    }

    /** Waits for the stack to leave *_IN_PROGRESS and asserts its status; returns the stack. */
    private JsonNode assertStatus(OpenStack.Stack s, Node n, String expected) throws Exception {
        JsonNode st = awaitStack(s, n);
        assertThat(st.path("stack_status").asText())
                .as(
                        "%s\nresources: %s\nagent log:\n%s",
                        st.path("stack_status_reason"), os.resourceStatuses(s), n.log())
                .isEqualTo(expected);
        return st;
    }

    /** Removes what a test left in the Engine: every container with the stack's label. */
    static void removeContainers(String stackLabel) throws Exception {
        for (String id : docker("ps", "-aq", "--filter", stackLabel).split("\\s+", -1)) {
            if (!id.isBlank()) docker("rm", "-f", id);
        }
    }

    /** The stack's containers (running or not) as container_name label → container id. */
    static Map<String, String> containers(String stackLabel) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        String ps = docker(
                "ps", "-a", "--no-trunc", "--filter", stackLabel, "--format", "{{.Label \"container_name\"}} {{.ID}}");
        for (String line : ps.lines().toList()) {
            String[] f = line.trim().split(" ", -1);
            if (f.length == 2) out.put(f[0], f[1]);
        }
        return out;
    }

    static Map<String, String> startedAt(Map<String, String> containers) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        for (var e : containers.entrySet()) {
            out.put(e.getKey(), docker("inspect", "-f", "{{.State.StartedAt}}", e.getValue()));
        }
        return out;
    }

    /** The id under which the server's metadata carries the deployment of resource {@code resource}. */
    private String deploymentIdInMetadata(OpenStack.Stack s, String resource) {
        for (JsonNode d : os.resourceMetadata(s, "server").path("deployments")) {
            for (JsonNode in : d.path("inputs")) {
                if (in.path("name").asText().equals("deploy_resource_name")
                        && in.path("value").asText().equals(resource)) {
                    return d.path("id").asText();
                }
            }
        }
        throw new AssertionError("no deployment of " + resource + " in the metadata of server");
    }

    /** HEAT_SIGNAL POSTs for a resource of the stack in heat-api's access log. */
    private long signalPosts(OpenStack.Stack s, String resource) throws java.io.IOException {
        return Files.readAllLines(os.dir().resolve("log/heat-api.log")).stream()
                .filter(l ->
                        l.contains("\"POST ") && l.contains(s.id()) && l.contains("/resources/" + resource + "/signal"))
                .count();
    }

    // ---- (i) the TripleO chain: hiera (json-file) → config volume (container-puppet) → containers -------

    /**
     * A service as TripleO deploys it, each part its own deployment, in order (depends_on): its hiera
     * data written by json-file, its config volume generated by puppet in the hearth-test/puppet
     * image (container-puppet), a bootstrap task of step 3 (container-puppet-tasks) and its containers
     * (docker-cmd: web mounts the config volume, other does not). Every deployment takes the deploy
     * identifier, so a stack UPDATE runs them all again under new ids, as TripleO does.
     */
    static String tripleoTemplate(Path node) {
        return """
                heat_template_version: 2018-08-31
                parameters:
                  greeting: {type: string, default: hello}
                  deploy_identifier: {type: string, default: "1"}
                resources:
                  server:
                    type: OS::Heat::DeployedServer
                    properties:
                      software_config_transport: POLL_SERVER_HEAT
                  hiera_config:
                    type: OS::Heat::StructuredConfig
                    properties:
                      group: json-file
                      config:
                        %1$s/puppet/hieradata/service_configs.json:
                          e2e::greeting: {get_param: greeting}
                  hiera:
                    type: OS::Heat::StructuredDeployment
                    properties:
                      config: {get_resource: hiera_config}
                      server: {get_resource: server}
                      signal_transport: HEAT_SIGNAL
                      input_values: {deploy_identifier: {get_param: deploy_identifier}}
                  volumes_config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: container-puppet
                      config: |
                        - config_volume: e2e_web
                          puppet_tags: file
                          config_image: hearth-test/puppet:latest
                          step_config: |
                            file { '/etc/e2e_web.conf': content => "greeting=${lookup('e2e::greeting')}\\n" }
                  volumes:
                    type: OS::Heat::SoftwareDeployment
                    depends_on: hiera
                    properties:
                      config: {get_resource: volumes_config}
                      server: {get_resource: server}
                      signal_transport: HEAT_SIGNAL
                      input_values: {deploy_identifier: {get_param: deploy_identifier}}
                  tasks_config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: container-puppet-tasks
                      config: |
                        step_3:
                          - config_volume: e2e_tasks
                            puppet_tags: notify
                            config_image: hearth-test/puppet:latest
                            step_config: |
                              if lookup('step') != 3 { fail("bootstrap task saw step ${lookup('step')}") }
                              notify { "greeting is ${lookup('e2e::greeting')}": }
                  tasks:
                    type: OS::Heat::SoftwareDeployment
                    depends_on: volumes
                    properties:
                      config: {get_resource: tasks_config}
                      server: {get_resource: server}
                      signal_transport: HEAT_SIGNAL
                      input_values: {step: 3, is_bootstrap: true, deploy_identifier: {get_param: deploy_identifier}}
                  containers_config:
                    type: OS::Heat::StructuredConfig
                    properties:
                      group: docker-cmd
                      config:
                        web:
                          image: hearth-test/busybox:latest
                          net: none
                          volumes: ['%1$s/config-data/puppet-generated/e2e_web/:/config:ro']
                          command: [sh, -c, %2$s]
                        other:
                          image: hearth-test/busybox:latest
                          net: none
                          command: [sh, -c, %2$s]
                  containers:
                    type: OS::Heat::StructuredDeployment
                    depends_on: tasks
                    properties:
                      config: {get_resource: containers_config}
                      server: {get_resource: server}
                      signal_transport: HEAT_SIGNAL
                      input_values: {deploy_identifier: {get_param: deploy_identifier}}
                """.formatted(node, SLEEPER);
    }

    /**
     * CREATE runs the chain in order; an UPDATE of the hiera value (new deploy identifier) generates
     * the config volume again and replaces exactly the container that mounts it.
     */
    @Test
    @Order(11)
    void hieraChangeRegeneratesTheConfigVolumeAndReplacesOnlyItsContainer() throws Exception {
        Path nodeDir = dir.resolve("tripleo");
        Path puppet = nodeDir.resolve("puppet");
        Files.createDirectories(puppet.resolve("hieradata"));
        Files.createDirectories(nodeDir.resolve("modules"));
        // what provisioning puts on a TripleO node before the first deployment
        Files.writeString(puppet.resolve("hiera.yaml"), """
                ---
                version: 5
                defaults:
                  datadir: hieradata
                  data_hash: json_data
                hierarchy:
                  - name: step
                    path: docker_puppet.json
                  - name: services
                    path: service_configs.json
                """);
        OpenStack.Stack s = create("e2e-tripleo", tripleoTemplate(nodeDir));
        String label = "label=deploy_stack_id=" + s.name() + "/" + s.id();
        Path volume = nodeDir.resolve("config-data/puppet-generated/e2e_web");
        try {
            Node n = node("tripleo", s, 1, """
                    config_volumes: {prefix: %1$s/config-data, puppet_dir: %1$s/puppet, hiera_dir: %1$s/puppet/hieradata,
                                     kolla_dir: %1$s/kolla, modules_dir: %1$s/modules}
                    """.formatted(nodeDir)).start();
            assertStatus(s, n, "CREATE_COMPLETE");
            assertThat(os.deploymentOf(s, "volumes")
                            .path("output_values")
                            .path("deploy_stdout")
                            .asText())
                    .contains("e2e_web: ok, checksum");
            assertThat(os.deploymentOf(s, "tasks")
                            .path("output_values")
                            .path("deploy_stdout")
                            .asText())
                    .contains("bootstrap tasks of step 3 ran")
                    .contains("e2e_tasks: ok");
            assertThat(Files.readString(volume.resolve("etc/e2e_web.conf"))).isEqualTo("greeting=hello\n");
            Map<String, String> created = containers(label);
            assertThat(created).containsOnlyKeys("web", "other");
            String hash1 = Files.readString(nodeDir.resolve("config-data/puppet-generated/e2e_web.md5sum"))
                    .strip();
            assertThat(docker("inspect", "-f", "{{json .Config.Env}}", created.get("web")))
                    .contains("TRIPLEO_CONFIG_HASH=" + hash1);
            Map<String, String> started = startedAt(created);

            os.updateStack(s, tripleoTemplate(nodeDir), Map.of("greeting", "bonjour", "deploy_identifier", "2"));
            assertStatus(s, n, "UPDATE_COMPLETE");
            for (String r : List.of("hiera", "volumes", "tasks", "containers")) {
                JsonNode d = os.deploymentOf(s, r);
                assertThat(d.path("action").asText() + " " + d.path("status").asText())
                        .as(r)
                        .isEqualTo("UPDATE COMPLETE");
            }
            assertThat(os.deploymentOf(s, "volumes")
                            .path("output_values")
                            .path("deploy_stdout")
                            .asText())
                    .contains("(changed)");
            assertThat(Files.readString(volume.resolve("etc/e2e_web.conf"))).isEqualTo("greeting=bonjour\n");
            String hash2 = Files.readString(nodeDir.resolve("config-data/puppet-generated/e2e_web.md5sum"))
                    .strip();
            assertThat(hash2).isNotEqualTo(hash1);
            Map<String, String> updated = containers(label);
            assertThat(updated.get("web")).as("web mounts the changed volume").isNotEqualTo(created.get("web"));
            assertThat(docker("inspect", "-f", "{{json .Config.Env}}", updated.get("web")))
                    .contains("TRIPLEO_CONFIG_HASH=" + hash2);
            assertThat(updated.get("other"))
                    .as("other mounts nothing that changed")
                    .isEqualTo(created.get("other"));
            assertThat(startedAt(Map.of("other", updated.get("other"))))
                    .isEqualTo(Map.of("other", started.get("other")));
        } finally {
            removeContainers(label);
            deleteTree(nodeDir.resolve("config-data")); // its /etc copies hold links JUnit would warn about, one by one
        }
    }

    /** The docker CLI, in test code only, to look at what Hearth did. */
    static String docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
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
        try {
            ControlPlane.stop("heat-api");
            n.start();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> n.log().matches("(?s).*(signal|Signal).*(refused|Connect|connect|retry|failed).*"));
            Thread.sleep(3000); // a few more failed attempts
        } finally {
            ControlPlane.start();
        }
        assertStatus(s, n, "CREATE_COMPLETE");
        assertEchoDeployment(s, "deployment");
        assertThat(signalPosts(s, "deployment"))
                .as("signal POSTs in heat-api's access log")
                .isEqualTo(1);
    }

    /** SIGKILL while the hook runs: the restarted agent signals it failed, saying why (nothing re-run). */
    @Test
    @Order(9)
    void sigkillMidDeploymentIsReportedToHeat() throws Exception {
        Path started = dir.resolve("kill-started");
        OpenStack.Stack s = create(
                "e2e-kill",
                template(
                        "POLL_SERVER_HEAT",
                        "HEAT_SIGNAL",
                        "#!/bin/sh\ntouch " + started + "\nsleep 30\necho done\n",
                        ""));
        Node n = node("kill", s, 1, null).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started));
        n.agent().kill9();
        // the orphaned hook (sleep) may live on; it is not the agent's any more
        n.start();
        assertStatus(s, n, "CREATE_FAILED");
        JsonNode d = os.deploymentOf(s, "deployment");
        // Heat builds the reason from deploy_status_code only; Hearth's explanation is in deploy_stderr.
        assertThat(d.path("status").asText()).isEqualTo("FAILED");
        assertThat(d.path("status_reason").asText()).contains("Deployment exited with non-zero status code");
        assertThat(d.path("output_values").path("deploy_stderr").asText())
                .contains("Hearth was stopped (crash, kill or reboot) while this deployment's hook was running");
        assertThat(d.path("output_values").path("deploy_stdout").asText()).doesNotContain("done");
        assertThat(signalPosts(s, "deployment"))
                .as("signal POSTs in heat-api's access log")
                .isEqualTo(1);
    }

    /** The same kill with the group in hooks.rerun_interrupted: the restarted agent runs it again, signals once. */
    @Test
    @Order(10)
    void sigkillMidDeploymentOfARerunGroupRunsItAgain() throws Exception {
        Path started = dir.resolve("rerun-started");
        OpenStack.Stack s =
                create("e2e-rerun", template("POLL_SERVER_HEAT", "HEAT_SIGNAL", """
                #!/bin/sh
                if [ -e %1$s ]; then echo "second run"; else touch %1$s; sleep 30; fi
                echo done
                """.formatted(started), ""));
        Node n = node("rerun", s, 1, "hooks: {timeout: 120s, rerun_interrupted: [script]}\n")
                .start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started));
        n.agent().kill9();
        n.start();
        assertStatus(s, n, "CREATE_COMPLETE");
        JsonNode d = os.deploymentOf(s, "deployment");
        assertThat(d.path("status").asText()).isEqualTo("COMPLETE");
        assertThat(d.path("output_values").path("deploy_stdout").asText()).isEqualTo("second run\ndone\n");
        assertThat(signalPosts(s, "deployment"))
                .as("signal POSTs in heat-api's access log")
                .isEqualTo(1);
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
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(n.log()).contains("signal URL expired");
                    HearthProcess.Result r = n.hearth("status", "--json", "--config", n.config.toString());
                    assertThat(r.stdout() + r.stderr()).contains("signal URL expired");
                });
        String metrics = httpGet("http://127.0.0.1:" + port + "/metrics");
        assertThat(metrics).containsPattern("hearth_signals_total\\{[^}]*result=\"expired\"[^}]*\\} 1\\.0");
        assertThat(os.stack(expiring).path("stack_status").asText()).isEqualTo("CREATE_IN_PROGRESS");
        long cfnAttempts = Files.readAllLines(os.dir().resolve("log/heat-api-cfn.log")).stream()
                .filter(l -> l.contains("POST /v1/signal/") && l.contains(expiring.id()))
                .count();
        assertThat(cfnAttempts).as("one attempt, no retry of an expired URL").isEqualTo(1);
    }

    /** Deletes a tree, symbolic links as links (never what they point to). */
    static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
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
            return c.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    /** Stops and starts daemons through the setup scripts (never by name: by their pid files). */
    static final class ControlPlane {
        private ControlPlane() {}

        static final Path SCRIPTS = HearthProcess.HOME.resolve("integration-tests/openstack");

        static void stop(String service) throws Exception {
            run(SCRIPTS.resolve("stop.sh").toString(), service);
        }

        static void start() throws Exception {
            run(SCRIPTS.resolve("setup.sh").toString());
        }

        private static void run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            Files.createTempFile("hearth-e2e-ctl", ".log").toFile())
                    .start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed");
            }
        }
    }
}
