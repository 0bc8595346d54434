package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hearth deploy --check` of the demo role through the real launcher, dockerd and puppet image: it
 * says what a deploy would do (files, config volume files, containers created, replaced and why,
 * removed) and changes nothing: no file below the node's directories, no marker, no container.
 */
class DeployCheckTest {
    private static final Duration T = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private DemoRole role;

    @BeforeEach
    void setUp() throws Exception {
        DemoRole.docker("image", "inspect", "hearth-test/busybox:latest", "hearth-test/puppet:latest");
        role = new DemoRole(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        role.close();
    }

    private HearthProcess.Result hearth(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("deploy", "--config", role.agentYaml.toString()));
        all.addAll(List.of(args));
        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), null, T, all.toArray(String[]::new));
        assertThat(r.exitCode())
                .as("stderr:\n%s\nstdout:\n%s", r.stderr(), r.stdout())
                .isZero();
        return r;
    }

    private static List<String> would(JsonNode report, String phase) {
        List<String> out = new ArrayList<>();
        report.get("phases").forEach(p -> {
            if (p.get("phase").asText().equals(phase)) p.path("would").forEach(l -> out.add(l.asText()));
        });
        return out;
    }

    /** Every file and directory below the test's node directories: path -> mode, size, mtime, content hash. */
    private Map<String, String> node() throws Exception {
        Map<String, String> out = new TreeMap<>();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String sub : List.of("config-data", "kolla", "puppet", "state")) {
            Path root = dir.resolve(sub);
            if (!Files.exists(root)) continue;
            try (var walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    String what = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS) + " "
                            + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        what += " " + HexFormat.of().formatHex(md.digest(Files.readAllBytes(p)));
                    }
                    out.put(dir.relativize(p).toString(), what);
                }
            }
        }
        return out;
    }

    private static List<String> checkContainers() throws Exception {
        String out = DemoRole.docker("ps", "-a", "--filter", "name=hearth-check-", "--format", "{{.Names}}");
        return out.isBlank() ? List.of() : out.lines().toList();
    }

    private String ids() throws Exception {
        return DemoRole.docker(
                "ps",
                "-a",
                "--filter",
                "label=deploy_stack_id=hearth-role/" + role.name,
                "--format",
                "{{.Names}} {{.ID}} {{.State}}");
    }

    @Test
    void checkSaysWhatADeployWouldDoAndChangesNothing() throws Exception {
        Path file = role.write(role.yaml());

        // A node that never deployed the role: everything would be made, nothing is.
        JsonNode fresh = Json.parse(hearth("--check", "--json", file.toString()).stdout());
        assertThat(fresh.get("changes").asBoolean()).isTrue();
        assertThat(would(fresh, "pre"))
                .anyMatch(l -> l.startsWith("json-file: would write"))
                .anyMatch(l -> l.equals("  + " + dir.resolve("puppet/hieradata/service_configs.json")))
                .anyMatch(l -> l.startsWith("config volume " + role.name + "_web: would change"))
                .contains("  + /var/www/demo/index.html");
        assertThat(would(fresh, "step_2")).contains("docker-cmd: create " + role.container("kv"));
        assertThat(would(fresh, "step_4")).contains("docker-cmd: create " + role.container("web"));
        assertThat(role.containers()).isEmpty();
        assertThat(checkContainers()).isEmpty();
        assertThat(node()).isEmpty();

        hearth("--json", file.toString());
        Map<String, String> deployed = node();
        String containers = ids();

        // The same role again: a deploy would change nothing, and the check says so.
        JsonNode same = Json.parse(hearth("--check", "--json", file.toString()).stdout());
        assertThat(same.get("changes").asBoolean()).as(same.toString()).isFalse();
        assertThat(would(same, "pre"))
                .contains(
                        "json-file: every file as it would be written",
                        "container-puppet: unchanged (same puppet_config and hiera as when it ran)");

        // A new greeting and the kv service gone.
        String yaml = role.yaml().replace("Hello from Hearth", "Hello again");
        String withoutKv =
                yaml.substring(0, yaml.indexOf("  - name: kv")) + yaml.substring(yaml.indexOf("  - name: bootstrap"));
        Path changed = role.write(withoutKv);
        HearthProcess.Result text = hearth("--check", changed.toString());
        assertThat(text.stdout()).startsWith("check of role " + role.name + ": a deploy would change this node");
        JsonNode report =
                Json.parse(hearth("--check", "--json", changed.toString()).stdout());

        assertThat(report.get("changes").asBoolean()).isTrue();
        assertThat(would(report, "pre"))
                .contains("  ~ " + dir.resolve("puppet/hieradata/service_configs.json"))
                .contains(
                        "config volume " + role.name + "_web: would change 1 file(s):", "  ~ /var/www/demo/index.html");
        assertThat(would(report, "cleanup")).anyMatch(l -> l.startsWith("remove " + role.container("kv")));
        assertThat(would(report, "step_4"))
                .anyMatch(l -> l.startsWith("docker-cmd: replace " + role.container("web"))
                        && l.contains("changed: environment"));
        assertThat(would(report, "step_3")).allMatch(l -> l.startsWith("docker-cmd: unchanged"));

        // Nothing moved: files, markers, checksums, containers.
        assertThat(node()).isEqualTo(deployed);
        assertThat(ids()).isEqualTo(containers);
        assertThat(checkContainers()).isEmpty();
        assertThat(Files.readString(role.configData.resolve(role.name + "_web/var/www/demo/index.html")))
                .isEqualTo("<h1>Hello from Hearth</h1>\n");
    }

    @Test
    void checkListsConfigScriptsTasksByNameAndStep0AndFollowsTheAgentConfigsConfigHash() throws Exception {
        String n = role.name;
        Path agentYaml = dir.resolve("agent-volume-root.yaml");
        Files.writeString(agentYaml, Files.readString(role.agentYaml).replace("""
                  parallelism: 2
                """, """
                  parallelism: 2
                  config_hash: volume-root
                  container_config_scripts_dir: %1$s/container-config-scripts
                  docker_config_scripts_dir: %1$s/docker-config-scripts
                """.formatted(dir)));
        // a config volume as a generation leaves it; the container mounts one file deep inside it, which
        // only volume-root (not tripleo, the default) follows to the volume's checksum
        Path volume = role.configData.resolve("puppet-generated/" + n + "_vol");
        Files.createDirectories(volume.resolve("etc"));
        Files.writeString(volume.resolve("etc/svc.conf"), "port=1\n");
        String md5 = "0123456789abcdef0123456789abcdef";
        Files.writeString(role.configData.resolve("puppet-generated/" + n + "_vol.md5sum"), md5 + "\n");
        String yaml = """
                role: %1$s
                services:
                  - name: %1$s_svc
                    role_data:
                      service_name: %1$s_svc
                      container_config_scripts:
                        %1$s_start.sh:
                          mode: "0755"
                          content: |
                            #!/bin/sh
                            echo GREETING
                      host_prep_tasks:
                        - name: create the log directory
                          file: {path: %2$s/log, state: directory}
                      deploy_steps_tasks:
                        - name: step 1 setup
                          when: step|int == 1
                          file: {path: %2$s/log/step1, state: touch}
                        - name: from step 2 on
                          when: [step|int >= 2]
                          debug: {msg: later}
                      docker_config:
                        step_0:
                          %1$s_init:
                            image: hearth-test/busybox:latest
                            net: none
                            detach: false
                            command: [/bin/true]
                        step_1:
                          %1$s_svc:
                            image: hearth-test/busybox:latest
                            net: none
                            volumes:
                              - %3$s/etc/svc.conf:/etc/svc.conf:ro
                            command: [/bin/busybox, sleep, "2147483647"]
                """.formatted(n, dir, volume);
        Path file = role.write(yaml.replace("GREETING", "hello"));
        String script =
                dir.resolve("container-config-scripts/" + n + "_start.sh").toString();

        JsonNode fresh = Json.parse(check(agentYaml, file).stdout());
        assertThat(fresh.get("changes").asBoolean()).isTrue();
        assertThat(would(fresh, "pre"))
                .containsSubsequence(
                        "config scripts: would write 1 file(s):",
                        "  + " + script + " (mode 0755)",
                        "ansible: would run " + n + "/pre/ansible: 1 task(s):",
                        "  - create the log directory")
                .anyMatch(l -> l.startsWith("docker-cmd: create " + n + "_init"));
        assertThat(would(fresh, "step_1"))
                .containsSubsequence("ansible: would run " + n + "/step_1/ansible: 1 task(s):", "  - step 1 setup")
                .anyMatch(l -> l.startsWith("docker-cmd: create " + n + "_svc"));
        assertThat(would(fresh, "step_2"))
                .containsSubsequence("ansible: would run " + n + "/step_2/ansible: 1 task(s):", "  - from step 2 on")
                .doesNotContain("  - step 1 setup");
        assertThat(Path.of(script)).doesNotExist();
        assertThat(dir.resolve("log")).doesNotExist();
        assertThat(role.containers()).isEmpty();

        HearthProcess.Result deployed =
                HearthProcess.run(dir, Map.of(), null, T, "deploy", "--config", agentYaml.toString(), file.toString());
        assertThat(deployed.exitCode()).as(deployed.stderr()).isZero();
        assertThat(DemoRole.docker("inspect", "--format", "{{json .Config.Env}}", n + "_svc"))
                .contains("TRIPLEO_CONFIG_HASH=" + md5);
        String containers = ids();

        // deployed: nothing would change, the container's hash computed as the agent config says
        JsonNode same = Json.parse(check(agentYaml, file).stdout());
        assertThat(same.get("changes").asBoolean()).as(same.toString()).isFalse();
        assertThat(would(same, "pre"))
                .contains(
                        "config scripts: every script as it would be written",
                        "ansible: unchanged (ran with the same inputs)")
                .anyMatch(l -> l.startsWith("docker-cmd: unchanged"));
        assertThat(would(same, "step_1")).anyMatch(l -> l.startsWith("docker-cmd: unchanged"));

        // a changed script is listed, and not written
        JsonNode edited = Json.parse(
                check(agentYaml, role.write(yaml.replace("GREETING", "bye"))).stdout());
        assertThat(would(edited, "pre")).contains("  ~ " + script + " (mode 0755)");
        assertThat(Files.readString(Path.of(script))).contains("echo hello");
        assertThat(ids()).isEqualTo(containers);
    }

    private HearthProcess.Result check(Path agentYaml, Path file) throws Exception {
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                null,
                T,
                "deploy",
                "--config",
                agentYaml.toString(),
                "--check",
                "--json",
                file.toString());
        assertThat(r.exitCode())
                .as("stderr:\n%s\nstdout:\n%s", r.stderr(), r.stdout())
                .isZero();
        return r;
    }
}
