package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A role of several nodes driven by the REAL Heat, in TripleO's shape: a ResourceGroup of
 * OS::Heat::DeployedServer, the role's data as one deployment group per phase (Pre, steps 2–5, the
 * bootstrap tasks of step 3) over the servers, each depending on the previous, the bootstrap node
 * named by Heat. Every node is its own {@code hearth agent} with its own private dockerd in its own
 * mount namespace (integration-tests/openstack/nodes.sh). Asserted from Heat's side and from each
 * node ({@code hearth status --json}, the node's engine).
 *
 * <p>The tests share one stack and run in order: create, rolling update, scale out, scale in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeE2ETest {
    static final Duration STACK_WAIT = Duration.ofMinutes(12);
    /** The phases in the order Heat must run them, by the deployments' names. */
    static final List<String> PHASES = List.of(
            "pre_1_config_files",
            "pre_2_config_volumes",
            "step_2",
            "step_3",
            "step_3_bootstrap_tasks",
            "step_4",
            "step_5");

    private OpenStack os;
    private List<NodeEngines.Engine> engines;
    private final List<Node> nodes = new ArrayList<>();
    private OpenStack.Stack stack;
    /** The stack of the first test is there for the next ones (they fail at once otherwise). */
    private String reached = "";

    /** The nodes' directories (state, agent.yaml); the tests share them, so not a per-test @TempDir. */
    private Path dir;

    @BeforeAll
    void setUp() throws Exception {
        os = OpenStack.connect();
        dir = Files.createTempDirectory("hearth-multinode");
        engines = NodeEngines.start(4);
        for (NodeEngines.Engine e : engines) e.reset();
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            for (Node n : nodes) n.close();
            if (stack != null) os.deleteStacks(List.of(stack), Duration.ofMinutes(2));
            for (NodeEngines.Engine e : engines) e.reset();
            HeatDeploymentE2ETest.deleteTree(dir);
        } finally {
            try {
                NodeEngines.stopAll();
            } finally {
                os.close();
            }
        }
    }

    /**
     * The demo role's services (kv: a config volume from hiera and its container at step 2;
     * bootstrap: a one-shot at step 3 and a bootstrap task; web: a container at step 4 and a check at
     * step 5) for {@code count} servers, of which the first {@code deployed} get the role.
     */
    static String roleTemplate() {
        return """
                heat_template_version: 2018-08-31
                parameters:
                  count: {type: number, default: 3}
                  deployed: {type: number, default: 3}
                  kv_color: {type: string, default: blue}
                  update_identifier: {type: string, default: "1"}
                resources:
                  servers:
                    type: OS::Heat::ResourceGroup
                    properties:
                      count: {get_param: count}
                      resource_def:
                        type: OS::Heat::DeployedServer
                        properties:
                          name: node-%%index%%
                          software_config_transport: POLL_SERVER_HEAT
                  # the servers that get the role (index -> server id): all of them, except while one
                  # is taken out of the role before it is deleted
                  role_servers:
                    type: OS::Heat::Value
                    properties:
                      type: json
                      value:
                        yaql:
                          expression: let(n => int($.data.n)) -> dict(coalesce($.data.refs, dict()).items().where(int($[0]) < $n))
                          data: {refs: {get_attr: [servers, refs_map]}, n: {get_param: deployed}}
                  pre_1_config:
                    type: OS::Heat::StructuredConfig
                    properties:
                      group: json-file
                      config:
                        /var/lib/kolla/config_files/demo_kv.json:
                          command: /bin/busybox httpd -f -p 18081 -h /var/www/kv
                          config_files: [{source: /var/lib/kolla/config_files/src/*, dest: /, merge: true, preserve_properties: true}]
                        /etc/puppet/hieradata/service_configs.json:
                          demo::kv::port: 18081
                          demo::kv::entries: {color: {get_param: kv_color}, size: "3"}
                  # The Pre phases write files and config volumes but restart nothing, so they update on
                  # every node at once; step 2, which replaces the running container, rolls.
                  pre_1_config_files:
                    type: OS::Heat::StructuredDeploymentGroup
                    properties:
                      name: pre_1_config_files
                      servers: {get_attr: [role_servers, value]}
                      config: {get_resource: pre_1_config}
                      signal_transport: HEAT_SIGNAL
                      input_values: {update_identifier: {get_param: update_identifier}}
                  pre_2_config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: container-puppet
                      config: |
                        - config_volume: demo_kv
                          puppet_tags: file
                          config_image: hearth-test/puppet:latest
                          step_config: |
                            $entries = lookup('demo::kv::entries')
                            file { ['/var/www', '/var/www/kv']: ensure => directory }
                            $entries.each |$key, $value| { file { "/var/www/kv/${key}": content => "${value}\\n" } }
                            file { '/etc/demo_kv.conf': content => "port=${lookup('demo::kv::port')}\\n" }
                  pre_2_config_volumes:
                    type: OS::Heat::SoftwareDeploymentGroup
                    depends_on: pre_1_config_files
                    properties:
                      name: pre_2_config_volumes
                      servers: {get_attr: [role_servers, value]}
                      config: {get_resource: pre_2_config}
                      signal_transport: HEAT_SIGNAL
                      input_values: {step: 6, update_identifier: {get_param: update_identifier}}
                %1$s
                  step_3_tasks_config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: container-puppet-tasks
                      config: |
                        step_3:
                          - config_volume: demo_tasks
                            puppet_tags: notify
                            config_image: hearth-test/puppet:latest
                            step_config: |
                              notify { "kv color is ${lookup('demo::kv::entries')['color']}": }
                  step_3_bootstrap_tasks:
                    type: OS::Heat::SoftwareDeploymentGroup
                    depends_on: step_3
                    properties:
                      name: step_3_bootstrap_tasks
                      servers: {get_attr: [role_servers, value]}
                      config: {get_resource: step_3_tasks_config}
                      signal_transport: HEAT_SIGNAL
                      input_values:
                        step: 3
                        bootstrap_node: {get_attr: [servers, resource.0.name]}
                outputs:
                  os_collect_config: {value: {get_attr: [servers, os_collect_config]}}
                  server_names: {value: {get_attr: [servers, name]}}
                  bootstrap_stdouts: {value: {get_attr: [step_3_bootstrap_tasks, deploy_stdouts]}}
                """.formatted(steps());
    }

    /**
     * Steps 2–5: one docker-cmd deployment group each, each depending on the one before (the role has
     * nothing at step 1, and TripleO leaves out a step with no containers). Only step 2 runs again on
     * a stack update (its {@code update_identifier}): its demo_kv mounts the config volume the update
     * changes, and its update rolls one node at a time.
     */
    private static String steps() {
        Map<Integer, String> containers = new LinkedHashMap<>();
        containers.put(2, """
                  demo_kv:
                    image: hearth-test/busybox:latest
                    net: none
                    restart: always
                    environment: [KOLLA_CONFIG_STRATEGY=COPY_ALWAYS]
                    volumes:
                      - /var/lib/kolla/config_files/demo_kv.json:/var/lib/kolla/config_files/config.json:ro
                      - /var/lib/config-data/puppet-generated/demo_kv/:/var/lib/kolla/config_files/src:ro
                    command: ["/bin/sh", "-c", "/bin/busybox cp -a /var/lib/kolla/config_files/src/. / && exec /bin/busybox httpd -f -p 18081 -h /var/www/kv"]""");
        containers.put(3, """
                  demo_bootstrap:
                    image: hearth-test/busybox:latest
                    net: none
                    detach: false
                    volumes: [demo_data:/data]
                    command: ["/bin/sh", "-c", "echo seeded > /data/seed.txt && echo demo data seeded"]""");
        containers.put(4, """
                  demo_web:
                    image: hearth-test/busybox:latest
                    net: none
                    restart: always
                    volumes: [demo_data:/var/www/data:ro]
                    command: ["/bin/sh", "-c", "echo '<h1>Hello from Hearth</h1>' > /var/www/index.html && exec /bin/busybox httpd -f -p 18080 -h /var/www"]""");
        containers.put(5, """
                  demo_web_check:
                    action: exec
                    command: [demo_web, /bin/busybox, wget, -qO-, "http://127.0.0.1:18080/data/seed.txt"]""");
        StringBuilder out = new StringBuilder();
        for (var e : containers.entrySet()) {
            int n = e.getKey();
            String after = n == 2 ? "pre_2_config_volumes" : n == 4 ? "step_3_bootstrap_tasks" : "step_" + (n - 1);
            String update = n == 2
                    ? "update_policy: {rolling_update: {max_batch_size: 1}}"
                    : "# not touched by a config change: no update_policy, no update_identifier";
            String inputs =
                    n == 2 ? "{step: 2, update_identifier: {get_param: update_identifier}}" : "{step: " + n + "}";
            out.append("""
                      step_%1$d_config:
                        type: OS::Heat::StructuredConfig
                        properties:
                          group: docker-cmd
                          config: %2$s
                      step_%1$d:
                        type: OS::Heat::StructuredDeploymentGroup
                        depends_on: %3$s
                        %4$s
                        properties:
                          name: step_%1$d
                          servers: {get_attr: [role_servers, value]}
                          config: {get_resource: step_%1$d_config}
                          signal_transport: HEAT_SIGNAL
                          input_values: %5$s
                    """.formatted(n, "\n" + e.getValue().indent(8).stripTrailing(), after, update, inputs));
        }
        return out.toString().stripTrailing();
    }

    /** Configures node {@code i} from server {@code i}'s os_collect_config (waiting for it) and starts its agent. */
    private Node startNode(int i) throws Exception {
        Instant end = Instant.now().plusSeconds(90);
        JsonNode occ = null;
        while (Instant.now().isBefore(end)) {
            occ = os.outputValue(stack, "os_collect_config");
            if (occ.isArray()
                    && occ.size() > i
                    && occ.get(i).isObject()
                    && occ.get(i).has("heat")) break;
            Thread.sleep(1000);
        }
        assertThat(occ.path(i).has("heat"))
                .as("server %d's os_collect_config: %s", i, occ)
                .isTrue();
        NodeEngines.Engine e = engines.get(i);
        Node n = new Node(dir.resolve("node" + i), e.enter()).configure(occ.get(i), """
                node: {name: node-%d}
                http: {listen: "127.0.0.1:%d"}
                docker: {host: "%s"}
                config_volumes: {modules_dir: %s}
                """.formatted(
                        i, HeatDeploymentE2ETest.freePort(), e.host(), e.root().resolve("root/modules")));
        nodes.add(n);
        return n.start();
    }

    private JsonNode assertStatus(String expected) throws Exception {
        JsonNode st = os.awaitStack(stack, STACK_WAIT);
        StringBuilder logs = new StringBuilder();
        if (!st.path("stack_status").asText().equals(expected)) {
            for (Node n : nodes)
                logs.append("\n---- ").append(n.dir).append('\n').append(n.log());
        }
        assertThat(st.path("stack_status").asText())
                .as("%s%s", st.path("stack_status_reason"), logs)
                .isEqualTo(expected);
        return st;
    }

    /** A node's deployment records of one action, by name. */
    static Map<String, JsonNode> records(Node n, String action) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode r : n.status()) {
            if (r.path("action").asText().equals(action)) out.put(r.path("name").asText(), r);
        }
        return out;
    }

    static Instant at(JsonNode record, String field) {
        return Instant.parse(record.path(field).asText());
    }

    @Test
    @Order(1)
    void stepsRunInOrderAcrossTheNodesAndBootstrapTasksOnOneNode() throws Exception {
        stack = os.createStack(OpenStack.uniqueName("e2e-role"), roleTemplate(), Map.of(), 40);
        for (int i = 0; i < 3; i++) startNode(i);
        assertStatus("CREATE_COMPLETE");

        List<Map<String, JsonNode>> created = new ArrayList<>();
        for (Node n : nodes) {
            Map<String, JsonNode> r = records(n, "CREATE");
            assertThat(r.keySet()).as("%s", n.dir).containsExactlyInAnyOrderElementsOf(PHASES);
            for (JsonNode rec : r.values()) {
                assertThat(rec.path("state").asText()).as("%s", rec).isEqualTo("succeeded");
            }
            created.add(r);
        }
        // Phase N finished on every node before phase N+1 started on any.
        for (int p = 0; p + 1 < PHASES.size(); p++) {
            String phase = PHASES.get(p), next = PHASES.get(p + 1);
            Instant lastFinished = created.stream()
                    .map(r -> at(r.get(phase), "finished_at"))
                    .max(Instant::compareTo)
                    .orElseThrow();
            Instant firstStarted = created.stream()
                    .map(r -> at(r.get(next), "started_at"))
                    .min(Instant::compareTo)
                    .orElseThrow();
            assertThat(firstStarted)
                    .as("%s started on a node before %s finished on all", next, phase)
                    .isAfter(lastFinished);
        }
        // Bootstrap tasks ran on exactly one node: node-0, the server Heat named.
        JsonNode stdouts = os.outputValue(stack, "bootstrap_stdouts");
        int ran = 0;
        for (int i = 0; i < 3; i++) {
            String heatSays = stdouts.path(Integer.toString(i)).asText();
            String nodeSays = created.get(i)
                    .get("step_3_bootstrap_tasks")
                    .path("stdout_tail")
                    .asText();
            if (i == 0) {
                assertThat(heatSays).contains("bootstrap tasks of step 3 ran").contains("demo_tasks: ok");
                assertThat(nodeSays).contains("bootstrap tasks of step 3 ran");
            } else {
                assertThat(heatSays)
                        .contains("bootstrap tasks of step 3 skipped")
                        .contains("bootstrap node is node-0, this node is node-" + i);
                assertThat(nodeSays).contains("skipped");
            }
            if (heatSays.contains(" ran")) ran++;
        }
        assertThat(ran).isEqualTo(1);
        // Every node has the role's containers in its own engine, serving the same data.
        for (int i = 0; i < 3; i++) {
            NodeEngines.Engine e = engines.get(i);
            assertThat(e.containers()).as("node%d", i).containsOnlyKeys("demo_kv", "demo_bootstrap", "demo_web");
            assertThat(e.docker("exec", "demo_kv", "/bin/busybox", "wget", "-qO-", "http://127.0.0.1:18081/color"))
                    .isEqualTo("blue");
            assertThat(e.docker(
                            "exec", "demo_web", "/bin/busybox", "wget", "-qO-", "http://127.0.0.1:18080/data/seed.txt"))
                    .isEqualTo("seeded");
        }
        reached = "created";
    }

    @Test
    @Order(2)
    void rollingUpdateReplacesTheChangedContainerOneNodeAtATime() throws Exception {
        assertThat(reached).as("the role's stack (first test)").isEqualTo("created");
        List<Map<String, String>> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) before.add(engines.get(i).containers());
        os.updateStack(stack, roleTemplate(), Map.of("kv_color", "green", "update_identifier", "2"));
        assertStatus("UPDATE_COMPLETE");

        List<Instant[]> windows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            NodeEngines.Engine e = engines.get(i);
            Map<String, String> after = e.containers();
            assertThat(after.get("demo_kv"))
                    .as("node%d: demo_kv replaced", i)
                    .isNotEqualTo(before.get(i).get("demo_kv"));
            assertThat(after.get("demo_web"))
                    .as("node%d: demo_web kept", i)
                    .isEqualTo(before.get(i).get("demo_web"));
            assertThat(e.docker("exec", "demo_kv", "/bin/busybox", "wget", "-qO-", "http://127.0.0.1:18081/color"))
                    .isEqualTo("green");
            JsonNode step2 = records(nodes.get(i), "UPDATE").get("step_2");
            assertThat(step2).as("node%d's step_2 UPDATE", i).isNotNull();
            assertThat(step2.path("stdout_tail").asText()).contains("demo_kv");
            Instant created = Instant.parse(e.created("demo_kv"));
            Instant start = at(step2, "started_at"), end = at(step2, "finished_at");
            assertThat(created)
                    .as("node%d: demo_kv created during its step_2 update", i)
                    .isBetween(start, end);
            windows.add(new Instant[] {start, end});
        }
        // never two at once: the nodes' step_2 updates (each replacing demo_kv) do not overlap
        windows.sort((a, b) -> a[0].compareTo(b[0]));
        for (int k = 0; k + 1 < windows.size(); k++) {
            assertThat(windows.get(k + 1)[0])
                    .as("a node's replacement started before the previous node's ended")
                    .isAfter(windows.get(k)[1]);
        }
        reached = "updated";
    }

    @Test
    @Order(3)
    void scaleOutRunsEveryPhaseOnTheNewNodeAndScaleInRemovesItsContainers() throws Exception {
        assertThat(reached).as("the role's stack (first tests)").isEqualTo("updated");
        os.updateStack(stack, roleTemplate(), Map.of("count", 4, "deployed", 4));
        Node added = startNode(3);
        assertStatus("UPDATE_COMPLETE");
        Map<String, JsonNode> r = records(added, "CREATE");
        assertThat(r.keySet()).containsExactlyInAnyOrderElementsOf(PHASES);
        for (JsonNode rec : r.values())
            assertThat(rec.path("state").asText()).as("%s", rec).isEqualTo("succeeded");
        assertThat(r.get("step_3_bootstrap_tasks").path("stdout_tail").asText()).contains("skipped");
        NodeEngines.Engine e3 = engines.get(3), e0 = engines.get(0);
        assertThat(e3.containers().keySet()).isEqualTo(e0.containers().keySet());
        String hash = "{{range .Config.Env}}{{println .}}{{end}}";
        assertThat(e3.docker("inspect", "-f", hash, "demo_kv"))
                .contains("TRIPLEO_CONFIG_HASH=")
                .isEqualTo(e0.docker("inspect", "-f", hash, "demo_kv"));
        assertThat(e3.docker("exec", "demo_kv", "/bin/busybox", "wget", "-qO-", "http://127.0.0.1:18081/color"))
                .isEqualTo("green");
        for (int i = 0; i < 3; i++) {
            assertThat(records(nodes.get(i), "CREATE").keySet())
                    .as("node%d ran nothing new", i)
                    .containsExactlyInAnyOrderElementsOf(PHASES);
        }

        // Scale in: node-3 leaves the role (its deployments go), then its server goes.
        os.updateStack(stack, roleTemplate(), Map.of("count", 4, "deployed", 3));
        assertStatus("UPDATE_COMPLETE");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() ->
                        assertThat(e3.containers()).as("node3's containers").isEmpty());
        assertThat(added.log()).contains("docker-cmd cleanup: removed demo_kv");
        for (int i = 0; i < 3; i++) {
            assertThat(engines.get(i).containers())
                    .as("node%d untouched", i)
                    .containsOnlyKeys("demo_kv", "demo_bootstrap", "demo_web");
        }
        os.updateStack(stack, roleTemplate(), Map.of("count", 3, "deployed", 3));
        assertStatus("UPDATE_COMPLETE");
        assertThat(os.outputValue(stack, "server_names")).hasSize(3);
    }
}
