package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hearth deploy` of the demo role (config/examples/demo-role.yaml) against the real dockerd and the
 * puppet image (.ci/setup-docker.sh, .ci/setup-puppet.sh): from scratch, a no-change re-run, a changed
 * config_settings value, a removed service, a failing step, and the same role as pushed per-step
 * deployments through `hearth apply`. Fails when Docker or the images are missing.
 */
class RoleDeployTest {
    private static final Duration T = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    DemoRole role;

    /** The engine's address for the agent.yaml's {@code docker.host}; null: the default (dockerd here). */
    String host() {
        return null;
    }

    @BeforeEach
    void setUp() throws Exception {
        role = new DemoRole(dir, host());
        role.cli("image", "inspect", "hearth-test/busybox:latest", "hearth-test/puppet:latest");
    }

    @AfterEach
    void tearDown() throws Exception {
        role.close();
    }

    private JsonNode deploy(Path file, int expectedExit, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("deploy", "--config", role.agentYaml.toString(), "--json"));
        args.addAll(List.of(extra));
        args.add(file.toString());
        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), null, T, args.toArray(String[]::new));
        assertThat(r.exitCode())
                .as("exit code; stderr:\n%s\nstdout:\n%s", r.stderr(), r.stdout())
                .isEqualTo(expectedExit);
        return Json.parse(r.stdout());
    }

    private static Map<String, String> results(JsonNode report) {
        Map<String, String> out = new LinkedHashMap<>();
        report.get("phases")
                .forEach(p -> out.put(p.get("phase").asText(), p.get("result").asText()));
        return out;
    }

    private String inspect(String container, String format) throws Exception {
        return role.cli("inspect", "--format", format, role.container(container));
    }

    private String md5(String volume) throws Exception {
        return Files.readString(role.configData.resolve("puppet-generated/" + role.name + "_" + volume + ".md5sum"))
                .strip();
    }

    @Test
    void deploysTheDemoRoleAndChangesOnlyWhatChanged() throws Exception {
        Path file = role.write(role.yaml());
        JsonNode first = deploy(file, 0);
        assertThat(results(first))
                .containsExactly(
                        Map.entry("pre", "ran"),
                        Map.entry("step_1", "unchanged"),
                        Map.entry("step_2", "ran"),
                        Map.entry("step_3", "ran"),
                        Map.entry("step_4", "ran"),
                        Map.entry("step_5", "ran"));
        assertThat(role.containers())
                .containsExactly(role.container("bootstrap"), role.container("kv"), role.container("web"));
        assertThat(
                        inspect(
                                "web",
                                "{{.State.Running}} {{.Config.Image}} {{.HostConfig.NetworkMode}} {{.HostConfig.RestartPolicy.Name}}"))
                // podman names a local image localhost/<name> in inspect (docs/podman.md)
                .isEqualTo("true " + (host() == null ? "" : "localhost/") + "hearth-test/busybox:latest none always");
        assertThat(inspect("web", "{{json .Config.Env}}")).contains("TRIPLEO_CONFIG_HASH=" + md5("web"));
        assertThat(inspect("kv", "{{json .Config.Env}}")).contains("TRIPLEO_CONFIG_HASH=" + md5("kv"));
        assertThat(inspect("bootstrap", "{{.State.Status}} {{.State.ExitCode}}"))
                .isEqualTo("exited 0");
        assertThat(role.cli("exec", role.container("web"), "/bin/busybox", "wget", "-qO-", "http://127.0.0.1:18080/"))
                .isEqualTo("<h1>Hello from Hearth</h1>");
        assertThat(role.cli(
                        "exec", role.container("kv"), "/bin/busybox", "wget", "-qO-", "http://127.0.0.1:18081/color"))
                .isEqualTo("blue");
        assertThat(role.cli("exec", role.container("web"), "cat", "/var/www/demo/data/seed.txt"))
                .isEqualTo("seeded");
        Map<String, String> ids = ids();

        JsonNode again = deploy(file, 0);
        assertThat(again.get("deployments_ran").asInt()).isZero();
        assertThat(results(again).values()).containsOnly("unchanged");
        assertThat(ids()).isEqualTo(ids);

        // a container removed behind Hearth's back comes back with its step
        role.cli("rm", "-f", role.container("web"));
        JsonNode repaired = deploy(file, 0);
        assertThat(results(repaired)).containsEntry("step_4", "ran").containsEntry("step_2", "unchanged");
        assertThat(role.containers()).contains(role.container("web"));
        ids = ids();

        // a changed value replaces exactly the container whose config volume it changes
        Path changed = role.write(role.yaml().replace("Hello from Hearth", "Hello again"));
        JsonNode third = deploy(changed, 0);
        assertThat(results(third))
                .containsEntry("pre", "ran")
                .containsEntry("step_2", "unchanged")
                .containsEntry("step_3", "unchanged")
                .containsEntry("step_4", "ran");
        Map<String, String> after = ids();
        assertThat(after.get(role.container("web"))).isNotEqualTo(ids.get(role.container("web")));
        assertThat(after.get(role.container("kv"))).isEqualTo(ids.get(role.container("kv")));
        assertThat(after.get(role.container("bootstrap"))).isEqualTo(ids.get(role.container("bootstrap")));
        assertThat(inspect("web", "{{json .Config.Env}}")).contains("TRIPLEO_CONFIG_HASH=" + md5("web"));
        assertThat(role.cli("exec", role.container("web"), "/bin/busybox", "wget", "-qO-", "http://127.0.0.1:18080/"))
                .isEqualTo("<h1>Hello again</h1>");

        // a removed service's containers are removed
        String yaml = role.yaml().replace("Hello from Hearth", "Hello again");
        String withoutKv =
                yaml.substring(0, yaml.indexOf("  - name: kv")) + yaml.substring(yaml.indexOf("  - name: bootstrap"));
        JsonNode fourth = deploy(role.write(withoutKv), 0);
        assertThat(fourth.get("removed").toString()).contains(role.container("kv"));
        assertThat(role.containers()).containsExactly(role.container("bootstrap"), role.container("web"));
        assertThat(ids().get(role.container("web"))).isEqualTo(after.get(role.container("web")));
    }

    @Test
    void aFailingStepStopsTheRunWithAReport() throws Exception {
        String broken = role.yaml() + """
                  - name: broken
                    docker_config:
                      step_3:
                        %s_broken:
                          image: hearth-test/busybox:latest
                          net: none
                          detach: false
                          command: ["/bin/sh", "-c", "echo cannot seed the database >&2; exit 3"]
                """.formatted(role.name);
        JsonNode report = deploy(role.write(broken), 1);
        assertThat(report.get("succeeded").asBoolean()).isFalse();
        assertThat(results(report))
                .containsEntry("step_2", "ran")
                .containsEntry("step_3", "failed")
                .containsEntry("step_4", "not_run")
                .containsEntry("step_5", "not_run");
        String error = report.get("phases").get(3).get("error").asText();
        assertThat(error).contains(role.name + "/step_3/docker-cmd failed").contains("cannot seed the database");
        assertThat(role.containers()).doesNotContain(role.container("web"));
    }

    @Test
    void theSameRoleAsPushedPerStepDeploymentsEndsInTheSameContainers() throws Exception {
        Path file = role.write(role.yaml());
        deploy(file, 0);
        Map<String, String> local = configData();
        role.removeContainers();

        HearthProcess.Result printed = HearthProcess.run(
                dir,
                Map.of(),
                null,
                T,
                "deploy",
                "--config",
                role.agentYaml.toString(),
                "--print-metadata",
                file.toString());
        assertThat(printed.exitCode()).as(printed.stderr()).isZero();
        JsonNode doc = Json.parse(printed.stdout());
        List<String> names = new ArrayList<>();
        doc.get("deployments").forEach(d -> names.add(d.get("name").asText()));
        assertThat(names)
                .containsExactly(
                        role.name + "/pre/json-file",
                        role.name + "/pre/container-puppet",
                        role.name + "/step_2/docker-cmd",
                        role.name + "/step_3/docker-cmd",
                        role.name + "/step_4/docker-cmd",
                        role.name + "/step_5/docker-cmd");
        Path metadata = dir.resolve("metadata.json");
        Files.writeString(metadata, printed.stdout());

        // pushed to a running agent, as a control plane would
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Path token = dir.resolve("token");
        Files.writeString(token, "role-it-token-0123456789\n");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path agentYaml = dir.resolve("agent-http.yaml");
        Files.writeString(
                agentYaml, Files.readString(role.agentYaml) + """
                http: {listen: "127.0.0.1:%d", token_file: %s}
                heat_config_deployed_dir: %s
                """.formatted(port, token, dir.resolve("none")));
        try (HearthProcess agent = HearthProcess.start(
                dir,
                Map.of(),
                "agent",
                "--config",
                agentYaml.toString(),
                "--state-dir",
                dir.resolve("heat-state").toString())) {
            HearthProcess.Result push = null;
            for (int i = 0; i < 60 && (push == null || push.exitCode() != 0); i++) {
                if (push != null) Thread.sleep(500);
                push = HearthProcess.run(
                        dir,
                        Map.of(),
                        null,
                        T,
                        "push",
                        metadata.toString(),
                        "--url",
                        url,
                        "--token-file",
                        token.toString());
            }
            assertThat(push.exitCode()).as(push.stderr()).isZero();
            long deadline = System.nanoTime() + T.toNanos();
            JsonNode status = null;
            while (System.nanoTime() < deadline) {
                HearthProcess.Result r = HearthProcess.run(
                        dir, Map.of(), null, T, "status", "--json", "--url", url, "--token-file", token.toString());
                status = Json.parse(r.stdout());
                JsonNode list = status.isArray() ? status : status.path("deployments");
                long done = 0;
                for (JsonNode d : list) if (!d.path("state").asText().matches("queued|running")) done++;
                if (list.size() == names.size() && done == names.size()) break;
                Thread.sleep(1000);
            }
            assertThat(status.toString()).doesNotContain("\"failed\"");
            for (String n : names) assertThat(status.toString()).contains(n);
            java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/metrics"))
                                    .header("Authorization", "Bearer role-it-token-0123456789")
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .contains("hearth_steps_total{result=\"started\",role=\"" + role.name + "\",step=\"step_4\"} 1.0")
                    .contains("hearth_steps_total{result=\"succeeded\",role=\"" + role.name + "\",step=\"pre\"} 1.0")
                    .contains("hearth_step_duration_seconds_count{role=\"" + role.name + "\",step=\"step_2\"} 1");
        }
        assertThat(configData()).isEqualTo(local);
    }

    @Test
    void updateRunsTheUpdateTasksThenDeploysWhatTheyChanged() throws Exception {
        Path file = role.write(role.yaml());
        deploy(file, 0);
        Map<String, String> before = ids();
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                null,
                T,
                "update",
                "--config",
                role.agentYaml.toString(),
                "--json",
                "--keep-playbooks",
                dir.resolve("playbooks").toString(),
                file.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode report = Json.parse(r.stdout());
        assertThat(report.at("/update_tasks/succeeded").asBoolean()).isTrue();
        assertThat(report.at("/update_tasks/steps").size()).isEqualTo(6);
        assertThat(Files.readString(dir.resolve("playbooks/update_tasks_step_3_playbook.yaml")))
                .contains("overrides.json");
        assertThat(results(report.get("deploy")))
                .containsEntry("pre", "ran")
                .containsEntry("step_2", "ran")
                .containsEntry("step_4", "unchanged");
        Map<String, String> after = ids();
        assertThat(after.get(role.container("kv"))).isNotEqualTo(before.get(role.container("kv")));
        assertThat(after.get(role.container("web"))).isEqualTo(before.get(role.container("web")));
        assertThat(role.cli(
                        "exec", role.container("kv"), "/bin/busybox", "wget", "-qO-", "http://127.0.0.1:18081/color"))
                .isEqualTo("green");

        // every step finished: a second update runs no task step, and the deploy changes nothing
        HearthProcess.Result again = HearthProcess.run(
                dir, Map.of(), null, T, "update", "--config", role.agentYaml.toString(), "--json", file.toString());
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        JsonNode second = Json.parse(again.stdout());
        second.at("/update_tasks/steps")
                .forEach(s -> assertThat(s.get("status").asText()).isEqualTo("finished_earlier"));
        assertThat(second.at("/deploy/deployments_ran").asInt()).isZero();
    }

    @Test
    void upgradeRunsFastForwardPrepStepsAndLeavesTheBootstrapStepsToTheBootstrapNode() throws Exception {
        String ffu = String.join(
                "\n",
                "    fast_forward_upgrade_tasks:",
                "      - name: ffu prep",
                "        when: step|int == 2",
                "        copy: {dest: \"" + dir + "/ffu-{{ release }}\", content: \"step 2\"}",
                "    update_tasks:");
        Path file = role.write(role.yaml().replace("    update_tasks:", ffu));
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                null,
                T,
                "upgrade",
                "--config",
                role.agentYaml.toString(),
                "--json",
                "--release",
                "zed",
                "--tasks",
                "ffu",
                "--no-bootstrap",
                file.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode report = Json.parse(r.stdout());
        assertThat(report.get("kind").asText()).isEqualTo("fast_forward_upgrade_tasks");
        assertThat(report.get("steps").get(1).get("status").asText()).isEqualTo("succeeded");
        assertThat(report.get("steps").get(3).get("status").asText()).isEqualTo("not_on_this_node");
        assertThat(Files.readString(dir.resolve("ffu-zed"))).isEqualTo("step 2");
    }

    private Map<String, String> ids() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String c : role.containers()) out.put(c, role.cli("inspect", "--format", "{{.Id}}", c));
        return out;
    }

    private Map<String, String> configData() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String c : role.containers()) {
            out.put(
                    c,
                    role.cli("inspect", "--format", "{{index .Config.Labels \"config_data\"}} {{.Config.Image}}", c));
        }
        return out;
    }
}
