package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node as the Python agent left it, then {@code hearth migrate}, the agent's passes over Heat's next
 * UPDATE (same configs, new deployment ids), and {@code migrate --back}: no container is replaced or
 * restarted and no deployment runs again. Debian ships neither heat-agents' docker-cmd hook nor paunch
 * nor docker-puppet.py, so the node is prepared as they leave it: containers created with the docker
 * CLI carrying the hook's labels and arguments, the config volume's {@code .md5sum} written by
 * docker-puppet.py's shell pipeline (tar | tar xO | sed | md5sum), TRIPLEO_CONFIG_HASH set from it, and
 * heat-config's markers as 55-heat-config writes them.
 */
class MigrateNothingRestartsTest {
    private static final String IMAGE = "hearth-test/busybox:latest";
    private static final Duration T = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private final String stack = "mig-" + UUID.randomUUID().toString().substring(0, 8);
    private final String web = stack + "-web";
    private final String worker = stack + "-worker";

    @AfterEach
    void removeContainers() throws Exception {
        for (String id : docker("ps", "-aq", "--filter", "label=deploy_stack_id=" + stack)
                .split("\\s+", -1)) {
            if (!id.isBlank()) docker("rm", "-f", id);
        }
    }

    /** The docker CLI, in test code only (the Python hook used it; main code never does). */
    private static String docker(String... args) throws Exception {
        return run(concat(new String[] {"docker"}, args));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + ": " + out);
        return out.strip();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** id and start time: a replaced container has another id, a restarted one another start time. */
    private String identity(String name) throws Exception {
        return docker("inspect", "-f", "{{.Id}} {{.State.StartedAt}} {{.State.Running}}", name);
    }

    private ObjectNode deployment(String id, String workerMode, Path prefix) {
        ObjectNode d = Json.object();
        d.put("id", id).put("name", "containers").put("group", "docker-cmd");
        ObjectNode config = d.putObject("config");
        ObjectNode w = config.putObject(web);
        w.put("image", IMAGE).put("net", "none").put("restart", "always");
        w.putArray("command").add("sleep").add("3600");
        w.putArray("volumes").add(prefix + "/puppet-generated/web/:/var/lib/kolla/config_files/src:ro");
        ObjectNode k = config.putObject(worker);
        k.put("image", IMAGE).put("net", "none");
        k.putArray("command").add("sleep").add("3600");
        k.putArray("environment").add("MODE=" + workerMode);
        ArrayNode inputs = d.putArray("inputs");
        inputs.addObject().put("name", "deploy_action").put("value", "UPDATE");
        inputs.addObject().put("name", "deploy_stack_id").put("value", stack);
        inputs.addObject().put("name", "deploy_resource_name").put("value", "containers_deployment");
        inputs.addObject().put("name", "deploy_signal_transport").put("value", "NO_SIGNAL");
        return d;
    }

    private ObjectNode script(String id, Path touched) {
        ObjectNode d = Json.object();
        d.put("id", id)
                .put("name", "host-step")
                .put("group", "script")
                .put("config", "#!/bin/sh\ntouch " + touched + "\n");
        d.putArray("inputs").addObject().put("name", "deploy_signal_transport").put("value", "NO_SIGNAL");
        return d;
    }

    private HearthProcess.Result apply(Path agentYaml, ObjectNode... deployments) throws Exception {
        ObjectNode doc = Json.object();
        ArrayNode list = doc.putArray("deployments");
        for (ObjectNode d : deployments) list.add(d);
        Path file = dir.resolve("metadata-" + UUID.randomUUID() + ".json");
        Files.writeString(file, Json.write(doc));
        return HearthProcess.run(
                dir,
                Map.of(),
                null,
                T,
                "apply",
                "--config",
                agentYaml.toString(),
                "--state-dir",
                dir.resolve("state").toString(),
                file.toString());
    }

    /** A heat-config marker pair as 55-heat-config leaves them (indent 2, 0600). */
    private static void heatConfigMarker(Path deployed, ObjectNode deployment) throws Exception {
        Files.writeString(
                deployed.resolve(deployment.get("id").asText() + ".json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(deployment));
        Files.writeString(
                deployed.resolve(deployment.get("id").asText() + ".notify.json"),
                "{\n  \"deploy_stdout\": \"\",\n  \"deploy_stderr\": \"\",\n  \"deploy_status_code\": 0\n}");
    }

    @Test
    void theSwitchAndBackReplaceRestartAndRerunNothing() throws Exception {
        // --- the node under the Python agent ---
        Path prefix = dir.resolve("config-data");
        Path volume = Files.createDirectories(prefix.resolve("puppet-generated/web/etc/web"));
        Files.writeString(volume.resolve("web.conf"), "# HEADER: generated by puppet\nport = 8080\n");
        Files.writeString(volume.resolve("other.conf"), "x = 1");
        String md5 = run(
                "bash",
                "-c",
                "cd / && tar -c --mtime='1970-01-01' -f - " + prefix + "/puppet-generated/web"
                        + " 2>/dev/null | tar xO | sed '/^#.*HEADER.*/d' | md5sum | awk '{print $1}'");
        Files.writeString(prefix.resolve("puppet-generated/web.md5sum"), md5 + "\n");
        // the Python docker-cmd hook's docker run: its labels, --env per item, config_id = the old deployment id
        List<String> labels = List.of(
                "--label",
                "deploy_stack_id=" + stack,
                "--label",
                "deploy_resource_name=containers_deployment",
                "--label",
                "config_id=old-1",
                "--label",
                "managed_by=docker-cmd");
        List<String> a = new ArrayList<>(List.of("run", "--name", web));
        a.addAll(labels);
        a.addAll(List.of(
                "--label",
                "container_name=" + web,
                "--detach=true",
                "--env=TRIPLEO_CONFIG_HASH=" + md5,
                "--net=none",
                "--restart=always",
                "--volume=" + prefix + "/puppet-generated/web/:/var/lib/kolla/config_files/src:ro",
                IMAGE,
                "sleep",
                "3600"));
        docker(a.toArray(String[]::new));
        List<String> b = new ArrayList<>(List.of("run", "--name", worker));
        b.addAll(labels);
        b.addAll(List.of(
                "--label",
                "container_name=" + worker,
                "--detach=true",
                "--env=MODE=steady",
                "--net=none",
                IMAGE,
                "sleep",
                "3600"));
        docker(b.toArray(String[]::new));
        Path deployed = Files.createDirectories(dir.resolve("deployed"));
        Path ran = Files.createDirectories(dir.resolve("ran"));
        heatConfigMarker(deployed, deployment("old-1", "steady", prefix));
        heatConfigMarker(deployed, script("old-host", ran.resolve("old-host")));
        Path conf = dir.resolve("os-collect-config.conf");
        Files.writeString(conf, """
                [DEFAULT]
                command = os-refresh-config
                collectors = heat
                [heat]
                auth_url = http://192.0.2.1:5000/v3
                user_id = u
                password = p
                project_id = pr
                stack_id = %s/1
                resource_name = server
                """.formatted(stack));
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("lib/systemd/system"));
        Files.writeString(
                root.resolve("lib/systemd/system/os-collect-config.service"),
                "[Unit]\nDescription=occ\n[Service]\nExecStart=/usr/bin/os-collect-config\n[Install]\nWantedBy=multi-user.target\n");
        Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.copy(
                Path.of(System.getProperty("hearth.home"), "systemd", "hearth-agent.service"),
                root.resolve("etc/systemd/system/hearth-agent.service"));
        run("systemctl", "--root=" + root, "enable", "os-collect-config.service");
        String webBefore = identity(web);
        String workerBefore = identity(worker);

        // --- migrate ---
        Path agentYaml = dir.resolve("etc/agent.yaml");
        Files.createDirectories(agentYaml.getParent());
        String[] common = {
            "--os-collect-config",
            conf.toString(),
            "--output",
            agentYaml.toString(),
            "--state-dir",
            dir.resolve("state").toString(),
            "--root",
            root.toString()
        };
        HearthProcess.Result m = HearthProcess.run(
                dir,
                Map.of(),
                "",
                T,
                concat(concat(new String[] {"migrate", "--heat-config-deployed", deployed.toString()}, common)));
        assertThat(m.exitCode()).as(m.stdout() + m.stderr()).isZero();
        assertThat(m.stdout()).contains("heat-config markers to adopt on the agent's first start: 2");
        Files.writeString(agentYaml, Files.readString(agentYaml) + "config_volumes:\n  prefix: " + prefix + "\n");

        // --- Heat's next UPDATE: same configs under new ids, and the host step the Python agent already ran ---
        HearthProcess.Result first =
                apply(agentYaml, deployment("new-1", "steady", prefix), script("old-host", ran.resolve("old-host")));
        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        assertThat(identity(web)).isEqualTo(webBefore);
        assertThat(identity(worker)).isEqualTo(workerBefore);
        assertThat(ran.resolve("old-host"))
                .as("a deployment the Python agent ran")
                .doesNotExist();
        assertThat(docker("inspect", "-f", "{{index .Config.Labels \"managed_by\"}}", web))
                .isEqualTo("docker-cmd");

        // --- a changed container is the only one replaced ---
        HearthProcess.Result second = apply(agentYaml, deployment("new-2", "changed", prefix));
        assertThat(second.exitCode()).as(second.stdout() + second.stderr()).isZero();
        assertThat(identity(web)).isEqualTo(webBefore);
        assertThat(identity(worker)).isNotEqualTo(workerBefore);
        String workerAfter = identity(worker);

        // --- and back ---
        HearthProcess.Result back =
                HearthProcess.run(dir, Map.of(), "", T, concat(new String[] {"migrate", "--back"}, common));
        assertThat(back.exitCode()).as(back.stdout() + back.stderr()).isZero();
        assertThat(deployed.resolve("new-1.json")).exists();
        assertThat(deployed.resolve("new-2.json")).exists();
        assertThat(Json.parse(Files.readString(deployed.resolve("new-2.json")))
                        .get("group")
                        .asText())
                .isEqualTo("docker-cmd");
        assertThat(identity(web)).isEqualTo(webBefore);
        assertThat(identity(worker)).isEqualTo(workerAfter);
        assertThat(run("systemctl", "--root=" + root, "is-enabled", "os-collect-config.service"))
                .isEqualTo("enabled");
    }
}
