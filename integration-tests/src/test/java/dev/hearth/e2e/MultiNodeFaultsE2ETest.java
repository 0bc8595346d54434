package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in a role of three nodes driven by the REAL Heat (steps as deployment groups over a
 * ResourceGroup of DeployedServers, as in {@link MultiNodeE2ETest}, with script deployments: no
 * container engine needed): one node's agent killed during step 1 (the stack waits, the restarted
 * agent finishes the step, the others are untouched), then step 2 failing on one node (the stack
 * fails with that node's reason and step 3 starts nowhere).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeFaultsE2ETest {
    private OpenStack os;
    private final List<Node> nodes = new ArrayList<>();
    private OpenStack.Stack stack;

    @TempDir
    Path dir;

    @BeforeAll
    void connect() {
        os = OpenStack.connect();
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            for (Node n : nodes) n.close();
            if (stack != null) os.deleteStacks(List.of(stack), Duration.ofSeconds(90));
        } finally {
            os.close();
        }
    }

    /**
     * Step 1 records that it started (one file per server under {@code marks}) and sleeps; run again
     * after an interrupted first run it says so. Step 2 fails on the server {@code failing} names.
     */
    static String template(Path marks) {
        return """
                heat_template_version: 2018-08-31
                resources:
                  servers:
                    type: OS::Heat::ResourceGroup
                    properties:
                      count: 3
                      resource_def:
                        type: OS::Heat::DeployedServer
                        properties:
                          name: fault-%%index%%
                          software_config_transport: POLL_SERVER_HEAT
                  step_1_config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: script
                      config: |
                        #!/bin/sh
                        mark=%1$s/$deploy_server_id
                        if [ -e $mark ]; then echo "second run"; exit 0; fi
                        touch $mark
                        sleep 8
                        echo "step 1 done"
                  step_1:
                    type: OS::Heat::SoftwareDeploymentGroup
                    properties:
                      name: step_1
                      servers: {get_attr: [servers, refs_map]}
                      config: {get_resource: step_1_config}
                      signal_transport: HEAT_SIGNAL
                  step_2_config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: script
                      inputs: [{name: failing}]
                      config: |
                        #!/bin/sh
                        if [ "$deploy_server_id" = "$failing" ]; then echo "no space left for step 2 on this node" >&2; exit 4; fi
                        echo "step 2 done"
                  step_2:
                    type: OS::Heat::SoftwareDeploymentGroup
                    depends_on: step_1
                    properties:
                      name: step_2
                      servers: {get_attr: [servers, refs_map]}
                      config: {get_resource: step_2_config}
                      signal_transport: HEAT_SIGNAL
                      input_values: {failing: {get_attr: [servers, resource.2]}}
                  step_3_config:
                    type: OS::Heat::SoftwareConfig
                    properties:
                      group: script
                      config: |
                        #!/bin/sh
                        echo "step 3 done"
                  step_3:
                    type: OS::Heat::SoftwareDeploymentGroup
                    depends_on: step_2
                    properties:
                      name: step_3
                      servers: {get_attr: [servers, refs_map]}
                      config: {get_resource: step_3_config}
                      signal_transport: HEAT_SIGNAL
                outputs:
                  os_collect_config: {value: {get_attr: [servers, os_collect_config]}}
                  server_ids: {value: {get_attr: [servers, refs_map]}}
                """.formatted(marks);
    }

    @Test
    void killedAgentFinishesItsStepAndAFailingNodeFailsTheStackBeforeTheNextStep() throws Exception {
        Path marks = Files.createDirectories(dir.resolve("marks"));
        stack = os.createStack(OpenStack.uniqueName("e2e-faults"), template(marks), Map.of(), 10);
        JsonNode occ = awaitServers();
        for (int i = 0; i < 3; i++) {
            Node n = new Node(dir.resolve("node" + i))
                    .configure(occ.get(i), """
                    node: {name: fault-%d}
                    http: {listen: "127.0.0.1:%d"}
                    hooks: {timeout: 120s, rerun_interrupted: [script]}
                    """.formatted(i, HeatDeploymentE2ETest.freePort()));
            nodes.add(n.start());
        }
        String server1 = os.outputValue(stack, "server_ids").path("1").asText();

        // Node 1's agent is killed while its step 1 runs: Heat waits for it, the others finish step 1.
        await().atMost(Duration.ofMinutes(3)).until(() -> Files.exists(marks.resolve(server1)));
        nodes.get(1).agent().kill9();
        Instant killed = Instant.now();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (int i : new int[] {0, 2}) {
                        assertThat(state(nodes.get(i), "step_1"))
                                .as("node%d's step_1", i)
                                .isEqualTo("succeeded");
                    }
                });
        Thread.sleep(
                Math.max(0, 12_000 - Duration.between(killed, Instant.now()).toMillis())); // past the sleep of step 1
        assertThat(os.stack(stack).path("stack_status").asText())
                .as("Heat waits for node 1")
                .isEqualTo("CREATE_IN_PROGRESS");
        assertThat(os.resourceStatuses(stack)).containsEntry("step_1", "CREATE_IN_PROGRESS");
        for (int i : new int[] {0, 2}) {
            assertThat(MultiNodeE2ETest.records(nodes.get(i), "CREATE"))
                    .as("node%d: step 2 waits for node 1's step 1", i)
                    .doesNotContainKey("step_2");
        }
        nodes.get(1).start();

        JsonNode st = os.awaitStack(stack, Duration.ofMinutes(4));
        StringBuilder logs = new StringBuilder();
        for (Node n : nodes) logs.append("\n---- ").append(n.dir).append('\n').append(n.log());
        assertThat(st.path("stack_status").asText()).as("%s%s", st, logs).isEqualTo("CREATE_FAILED");
        // The reason names step 2's member on server 2 (index 2 of the group) and its exit status.
        assertThat(st.path("stack_status_reason").asText())
                .as("%s", st)
                .contains("step_2")
                .contains("resources[2]")
                .contains("Deployment exited with non-zero status code: 4");

        // The other members of step 2 may still be signalling when Heat fails the group.
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (int i = 0; i < 3; i++) {
                        assertThat(state(nodes.get(i), "step_2"))
                                .as("node%d's step_2", i)
                                .isIn("succeeded", "failed");
                    }
                });
        for (int i = 0; i < 3; i++) {
            var r = MultiNodeE2ETest.records(nodes.get(i), "CREATE");
            assertThat(r.get("step_1").path("state").asText())
                    .as("node%d step_1", i)
                    .isEqualTo("succeeded");
            assertThat(r.get("step_1").path("stdout_tail").asText())
                    .as("node%d step_1", i)
                    .isEqualTo(i == 1 ? "second run\n" : "step 1 done\n");
            assertThat(r.get("step_2").path("state").asText())
                    .as("node%d step_2", i)
                    .isEqualTo(i == 2 ? "failed" : "succeeded");
            assertThat(r).as("node%d: step 3 starts nowhere", i).doesNotContainKey("step_3");
        }
        assertThat(MultiNodeE2ETest.records(nodes.get(2), "CREATE")
                        .get("step_2")
                        .path("stderr_tail")
                        .asText())
                .contains("no space left for step 2 on this node");
        assertThat(os.resourceStatuses(stack).get("step_3"))
                .as("step_3 in Heat")
                .isIn("INIT_COMPLETE", null);
    }

    /** The state of the node's CREATE deployment of that name (JsonNode is Iterable: no AssertJ extracting on it). */
    private static String state(Node n, String name) throws Exception {
        JsonNode r = MultiNodeE2ETest.records(n, "CREATE").get(name);
        return r == null ? null : r.path("state").asText();
    }

    private JsonNode awaitServers() throws InterruptedException {
        Instant end = Instant.now().plusSeconds(90);
        JsonNode occ = null;
        while (Instant.now().isBefore(end)) {
            occ = os.outputValue(stack, "os_collect_config");
            if (occ.isArray()
                    && occ.size() == 3
                    && occ.get(0).has("heat")
                    && occ.get(1).has("heat")
                    && occ.get(2).has("heat")) return occ;
            Thread.sleep(1000);
        }
        throw new AssertionError("no os_collect_config for 3 servers after 90 s: " + occ);
    }
}
