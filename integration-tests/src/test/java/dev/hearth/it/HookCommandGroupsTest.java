package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hearth hook GROUP` makes only the hook GROUP names: each built-in group still runs through it against
 * its real tool (dockerd, puppet, ansible-playbook), aliases still answer, an unknown group still lists
 * every built-in name, and the script hook's run loads no Docker client.
 */
class HookCommandGroupsTest {
    private static final Duration T = Duration.ofMinutes(3);
    private static final String IMAGE = "hearth-test/busybox:latest";

    @TempDir
    Path dir;

    private final String stack = "it-hook-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeContainers() throws Exception {
        for (String id : docker("ps", "-aq", "--filter", "label=deploy_stack_id=" + stack)
                .split("\\s+", -1)) {
            if (!id.isBlank()) docker("rm", "-f", id);
        }
    }

    /** The docker CLI, in test code only, to look at what Hearth did. */
    private static String docker(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError("docker " + String.join(" ", args) + ": " + out);
        return out.strip();
    }

    private HearthProcess.Result hook(String group, ObjectNode deployment, Map<String, String> env, String... more)
            throws Exception {
        List<String> args = new java.util.ArrayList<>(
                List.of("hook", group, "--state-dir", dir.resolve("state").toString()));
        args.addAll(List.of(more));
        return HearthProcess.run(dir, env, Json.write(deployment), T, args.toArray(String[]::new));
    }

    private static ObjectNode deployment(String group) {
        ObjectNode d = Json.object();
        d.put("id", "hg-" + group)
                .put("name", "hook_" + group.replace('-', '_'))
                .put("group", group);
        d.putNull("options");
        d.putArray("inputs");
        d.putArray("outputs");
        return d;
    }

    @Test
    void scriptHookLoadsNoDockerClient() throws Exception {
        Path classes = dir.resolve("classes.log");
        ObjectNode d = deployment("script");
        d.put("config", "#!/bin/sh\necho ran");
        // Without the AOT cache: what the command itself loads, not what a cache trained on all commands maps.
        HearthProcess.Result r =
                hook("script", d, Map.of("HEARTH_JAVA_OPTS", "-XX:AOTMode=off -Xlog:class+load:file=" + classes));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Json.parse(r.stdout()).get("deploy_stdout").asText()).isEqualTo("ran\n");
        String loaded = Files.readString(classes);
        assertThat(loaded).contains("dev.hearth.hook.script.ScriptHook ");
        assertThat(loaded)
                .doesNotContain("com.github.dockerjava")
                .doesNotContain("org.apache.hc.")
                .doesNotContain("dev.hearth.docker.Engine ")
                .doesNotContain("dev.hearth.docker.DockerCmdHook ")
                .doesNotContain("dev.hearth.configvolume.ConfigVolumeGenerator ")
                .doesNotContain("dev.hearth.puppet.PuppetHook ")
                .doesNotContain("dev.hearth.ansible.AnsibleHook ");
    }

    @Test
    void anUnknownGroupListsEveryBuiltInNameAndAnAliasAnswers() throws Exception {
        HearthProcess.Result r = hook("nosuch", deployment("nosuch"), Map.of());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(Json.parse(r.stdout()).get("deploy_stderr").asText())
                .isEqualTo("hearth hook: no built-in hook for group 'nosuch' (built in: script, docker-cmd, puppet,"
                        + " json-file, container-puppet, container-puppet-tasks, ansible, docker-puppet,"
                        + " docker-puppet-tasks)");

        // The alias finds its hook, which then reads the deployment (and refuses this one).
        ObjectNode bad = deployment("docker-puppet");
        bad.put("inputs", "not a list");
        r = hook("docker-puppet", bad, Map.of());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(Json.parse(r.stdout()).get("deploy_stderr").asText())
                .startsWith("hearth hook: invalid deployment")
                .doesNotContain("no built-in hook");
    }

    @Test
    void jsonFileWritesBelowTheConfiguredRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "json_file:\n  roots: [" + root + "]\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        ObjectNode d = deployment("json-file");
        d.putObject("config").putObject(root.resolve("out.json").toString()).put("a", 1);
        HearthProcess.Result r = hook("json-file", d, Map.of(), "--config", config.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(Json.parse(r.stdout()).get("deploy_status_code").asInt())
                .as(r.stdout())
                .isZero();
        assertThat(Json.parse(Files.readString(root.resolve("out.json")))
                        .get("a")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void dockerCmdStartsItsContainer() throws Exception {
        ObjectNode d = deployment("docker-cmd");
        ObjectNode c = d.putObject("config").putObject("hooked");
        c.put("image", IMAGE).put("net", "none");
        c.putArray("command").add("sleep").add("3600");
        d.withArray("inputs").addObject().put("name", "deploy_stack_id").put("value", stack);
        d.withArray("inputs").addObject().put("name", "deploy_resource_name").put("value", "hooked_deployment");
        HearthProcess.Result r = hook("docker-cmd", d, Map.of());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        JsonNode out = Json.parse(r.stdout());
        assertThat(out.get("deploy_status_code").asInt()).as(r.stdout()).isZero();
        String id = docker(
                "ps", "-q", "--filter", "label=deploy_stack_id=" + stack, "--filter", "label=container_name=hooked");
        assertThat(id).isNotBlank();
    }

    @Test
    void puppetAppliesItsManifest() throws Exception {
        Path target = dir.resolve("puppet-made.txt");
        ObjectNode d = deployment("puppet");
        d.put("config", "file { '" + target + "': content => \"made by puppet\\n\" }\n");
        HearthProcess.Result r = hook(
                "puppet",
                d,
                Map.of(
                        "HEAT_PUPPET_LOGDIR", dir.resolve("puppet-logs").toString(),
                        "HEAT_PUPPET_HIERA_DATADIR", dir.resolve("hieradata").toString()));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(Json.parse(r.stdout()).get("deploy_status_code").asInt())
                .as(r.stdout())
                .isZero();
        assertThat(Files.readString(target)).isEqualTo("made by puppet\n");
    }

    @Test
    void ansibleRunsItsPlaybook() throws Exception {
        Path target = dir.resolve("ansible-made.txt");
        ObjectNode d = deployment("ansible");
        d.put(
                "config",
                "- hosts: all\n  gather_facts: false\n  tasks:\n    - copy:\n        dest: " + target
                        + "\n        content: made by ansible\n");
        HearthProcess.Result r = hook("ansible", d, Map.of());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(Json.parse(r.stdout()).get("deploy_status_code").asInt())
                .as(r.stdout())
                .isZero();
        assertThat(Files.readString(target)).isEqualTo("made by ansible");
    }
}
