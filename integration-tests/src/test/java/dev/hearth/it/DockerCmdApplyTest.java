package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-cmd through `hearth apply` and `hearth plan` as an operator runs them, against the real dockerd
 * (started by .ci/setup-docker.sh): create, an UPDATE that changes nothing, an UPDATE that changes one
 * container, a deployment removed from the metadata.
 */
class DockerCmdApplyTest {
    private static final String IMAGE = "hearth-test/busybox:latest";
    private static final Duration T = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private final String stack = "it-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeContainers() throws Exception {
        for (String id : docker("ps", "-aq", "--filter", "label=deploy_stack_id=" + stack + "/x")
                .split("\\s+", -1)) {
            if (!id.isBlank()) docker("rm", "-f", id);
        }
    }

    /** The docker CLI, in test code only, to look at what Hearth did (main code never uses it). */
    private static String docker(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError("docker " + String.join(" ", args) + ": " + out);
        return out.strip();
    }

    private ObjectNode deployment(String id, String action, String webCommand) {
        ObjectNode d = Json.object();
        d.put("id", id).put("name", "containers").put("group", "docker-cmd");
        ObjectNode config = d.putObject("config");
        ObjectNode web = config.putObject("web");
        web.put("image", IMAGE).put("net", "none").put("restart", "always");
        web.putArray("command").add("sh").add("-c").add(webCommand);
        ObjectNode worker = config.putObject("worker");
        worker.put("image", IMAGE).put("net", "none");
        worker.putArray("command").add("sleep").add("3600");
        worker.putObject("environment").put("MODE", "steady");
        d.putNull("options");
        ArrayNode inputs = d.putArray("inputs");
        inputs.addObject().put("name", "deploy_action").put("value", action);
        inputs.addObject().put("name", "deploy_stack_id").put("value", stack + "/x");
        inputs.addObject().put("name", "deploy_resource_name").put("value", "containers_deployment");
        inputs.addObject().put("name", "deploy_signal_transport").put("value", "NO_SIGNAL");
        return d;
    }

    private HearthProcess.Result run(String cmd, ObjectNode... deployments) throws Exception {
        return run(List.of(cmd, "--state-dir", dir.resolve("state").toString()), deployments);
    }

    private HearthProcess.Result run(List<String> args, ObjectNode... deployments) throws Exception {
        ObjectNode doc = Json.object();
        ArrayNode list = doc.putArray("deployments");
        for (ObjectNode d : deployments) list.add(d);
        Path file = dir.resolve(args.get(0) + "-" + UUID.randomUUID() + ".json");
        Files.writeString(file, Json.write(doc));
        List<String> all = new java.util.ArrayList<>(args);
        all.add(file.toString());
        return HearthProcess.run(dir, Map.of(), null, T, all.toArray(String[]::new));
    }

    /** The containers `hearth plan --json --state-dir STATE` would remove in its cleanup. */
    private List<String> cleanupRemovals(Path stateDir, ObjectNode... deployments) throws Exception {
        HearthProcess.Result plan = run(List.of("plan", "--json", "--state-dir", stateDir.toString()), deployments);
        assertThat(plan.exitCode()).as(plan.stdout() + plan.stderr()).isZero();
        List<String> removed = new java.util.ArrayList<>();
        for (var step : Json.parse(plan.stdout())) {
            if (!"cleanup".equals(step.path("deployment").asText())) continue;
            for (var action : step.path("actions")) {
                if ("remove".equals(action.path("action").asText()))
                    removed.add(action.path("container").asText());
            }
        }
        return removed;
    }

    private String containerId(String name) throws Exception {
        return docker(
                "ps",
                "-aq",
                "--filter",
                "label=deploy_stack_id=" + stack + "/x",
                "--filter",
                "label=container_name=" + name);
    }

    @Test
    void createKeepReplaceAndCleanUp() throws Exception {
        HearthProcess.Result first = run("apply", deployment("d1", "CREATE", "sleep 3600"));
        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        String web = containerId("web");
        String worker = containerId("worker");
        assertThat(web).isNotBlank();
        assertThat(docker(
                        "inspect",
                        "-f",
                        "{{index .Config.Labels \"managed_by\"}} {{index .Config.Labels \"config_id\"}} {{.HostConfig.RestartPolicy.Name}}",
                        web))
                .isEqualTo("hearth d1 always");

        // UPDATE with a new deployment id and the same settings: nothing is touched.
        HearthProcess.Result same = run("apply", deployment("d2", "UPDATE", "sleep 3600"));
        assertThat(same.exitCode()).as(same.stdout() + same.stderr()).isZero();
        assertThat(containerId("web")).isEqualTo(web);
        assertThat(containerId("worker")).isEqualTo(worker);

        // `hearth plan` of a change names the container and the key, and touches nothing.
        HearthProcess.Result plan = run("plan", deployment("d3", "UPDATE", "sleep 7200"));
        assertThat(plan.exitCode()).as(plan.stdout() + plan.stderr()).isZero();
        assertThat(plan.stdout()).contains("web").contains("command");
        assertThat(containerId("web")).isEqualTo(web);

        // UPDATE that changes one container: exactly that one is replaced.
        HearthProcess.Result changed = run("apply", deployment("d3", "UPDATE", "sleep 7200"));
        assertThat(changed.exitCode()).as(changed.stdout() + changed.stderr()).isZero();
        assertThat(containerId("web")).isNotEqualTo(web).isNotBlank();
        assertThat(containerId("worker")).isEqualTo(worker);

        // The deployment gone from the metadata: its containers are removed.
        ObjectNode other = Json.object();
        other.put("id", "s1").put("group", "script").put("config", "#!/bin/sh\ntrue\n");
        // `hearth plan` lists that removal with the same scope as the cleanup: what this state directory
        // created. Another state directory (another agent, a test beside it) created none of them.
        assertThat(cleanupRemovals(dir.resolve("state"), other)).contains("web", "worker");
        assertThat(cleanupRemovals(dir.resolve("other-state"), other))
                .as("containers another state directory created")
                .isEmpty();
        assertThat(containerId("web")).isNotBlank();
        HearthProcess.Result gone = run("apply", other);
        assertThat(gone.exitCode()).as(gone.stdout() + gone.stderr()).isZero();
        assertThat(containerId("web")).isBlank();
        assertThat(containerId("worker")).isBlank();
    }

    @Test
    void anImageReferenceOutsideDockersGrammarIsRefusedByPlanAndApplyBeforeAnythingIsTouched() throws Exception {
        for (String bad : new String[] {IMAGE + " --privileged", "hearth-test/busybox\nlatest"}) {
            ObjectNode d = deployment("bad-" + UUID.randomUUID().toString().substring(0, 6), "CREATE", "sleep 3600");
            ((ObjectNode) d.get("config").get("web")).put("image", bad);

            HearthProcess.Result plan = run("plan", d);
            assertThat(plan.exitCode()).as(plan.stdout() + plan.stderr()).isEqualTo(1);
            assertThat(plan.stdout() + plan.stderr())
                    .contains("container 'web' key 'image': is not a valid image reference")
                    .doesNotContain("--privileged");

            HearthProcess.Result apply = run("apply", d);
            assertThat(apply.exitCode()).as(apply.stdout() + apply.stderr()).isEqualTo(1);
            assertThat(apply.stdout() + apply.stderr()).contains("key 'image': is not a valid image reference");
            // Neither the valid container of the same deployment nor the invalid one was created.
            assertThat(containerId("worker")).isBlank();
            assertThat(containerId("web")).isBlank();
        }
    }
}
