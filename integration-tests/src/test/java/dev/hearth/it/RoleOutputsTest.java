package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hearth deploy`, `update` and `upgrade` of config/examples/tripleo-role.yaml (three services in the
 * shapes tripleo-heat-templates renders, docker era and later) through the real bin/hearth, against
 * the real dockerd, puppet (host and in the puppet image) and ansible-playbook: every node-side output
 * acted on in TripleO's order, every other one listed by name in the summary.
 */
class RoleOutputsTest {
    // a loaded 2-core machine took over 5 minutes for the first deploy (config volumes 2 min)
    private static final Duration T = Duration.ofMinutes(15);
    private static final Path EXAMPLE = HearthProcess.HOME.resolve("config/examples/tripleo-role.yaml");

    @TempDir
    Path dir;

    private final String name = "ot" + UUID.randomUUID().toString().substring(0, 6);
    private Path agentYaml;
    private Path log;

    @BeforeEach
    void setUp() throws Exception {
        DemoRole.docker("image", "inspect", "hearth-test/busybox:latest", "hearth-test/puppet:latest");
        log = dir.resolve("log");
        agentYaml = dir.resolve("agent.yaml");
        Files.writeString(agentYaml, """
                state_dir: %1$s/state
                config_volumes:
                  prefix: %1$s/config-data
                  puppet_dir: %1$s/puppet
                  hiera_dir: %1$s/puppet/hieradata
                  kolla_dir: %1$s/kolla
                  container_config_scripts_dir: %1$s/container-config-scripts
                  docker_config_scripts_dir: %1$s/docker-config-scripts
                  parallelism: 2
                node:
                  bootstrap: true
                # the example's firewall_rules would change this machine's INPUT chain: FirewallRulesTest
                # applies rules in a network namespace of its own
                firewall:
                  apply: false
                """.formatted(dir));
    }

    @AfterEach
    void tearDown() throws Exception {
        String out = DemoRole.docker(
                "ps", "-a", "--filter", "label=deploy_stack_id=hearth-role/" + name, "--format", "{{.Names}}");
        for (String c : out.lines().toList()) if (!c.isBlank()) DemoRole.docker("rm", "-f", c);
        // this test's own tags (the images behind them are busybox's, or the one it committed)
        for (String tag : List.of(image("latest"), image("pcmklatest"))) {
            if (!DemoRole.docker("images", "-q", tag).isBlank()) DemoRole.docker("rmi", tag);
        }
    }

    /** The test's own name for the mysql image (the example's {@code hearth-test/busybox}). */
    private String image(String tag) {
        return "hearth-test/" + name + ":" + tag;
    }

    private static String imageId(String ref) throws Exception {
        return DemoRole.docker("image", "inspect", "--format", "{{.Id}}", ref).strip();
    }

    /** The example with this test's names (prefix {@code tht_} → {@code <name>_}) and paths. */
    private Path role() throws Exception {
        String yaml = Files.readString(EXAMPLE)
                .replace("/var/log/containers", log.toString())
                .replace("/var/lib/config-data", dir.resolve("config-data").toString())
                .replace("/var/lib/kolla/config_files/tht_", dir.resolve("kolla") + "/tht_")
                .replace(
                        "/var/lib/container-config-scripts",
                        dir.resolve("container-config-scripts").toString())
                .replace(
                        "/var/lib/docker-config-scripts",
                        dir.resolve("docker-config-scripts").toString())
                .replace("/var/lib/tht_mysql", dir.resolve("lib-mysql").toString())
                // the pcmklatest handling tags and retags an image of the test's own
                .replace("hearth-test/busybox:pcmklatest", image("pcmklatest"))
                .replace("mysql_image: hearth-test/busybox:latest", "mysql_image: " + image("latest"))
                .replace("tht_", name + "_")
                .replace("role: tht", "role: " + name);
        Path file = dir.resolve("role.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private HearthProcess.Result hearth(int expectedExit, String... args) throws Exception {
        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), null, T, args);
        assertThat(r.exitCode())
                .as("exit code; stderr:\n%s\nstdout:\n%s", r.stderr(), r.stdout())
                .isEqualTo(expectedExit);
        return r;
    }

    private static Map<String, List<String>> groups(JsonNode report) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        report.get("phases").forEach(p -> {
            List<String> g = new ArrayList<>();
            p.get("deployments").forEach(d -> g.add(d.get("group").asText()));
            out.put(p.get("phase").asText(), g);
        });
        return out;
    }

    private String read(String relative) throws Exception {
        return Files.readString(dir.resolve(relative)).strip();
    }

    private String mode(String relative) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(relative)));
    }

    @Test
    void deploysEveryNodeSideOutputInTripleoOrderListsTheRestAndRunsPostUpdateAndPostUpgradeTasks() throws Exception {
        Path file = role();
        DemoRole.docker("tag", "hearth-test/busybox:latest", image("latest"));
        JsonNode report = Json.parse(hearth(0, "deploy", "--config", agentYaml.toString(), "--json", file.toString())
                .stdout());
        assertThat(report.get("succeeded").asBoolean()).isTrue();
        Map<String, List<String>> groups = groups(report);
        // host_prep_tasks, then kolla and hiera, then step_0, then the config volumes
        assertThat(groups.get("pre")).containsExactly("ansible", "json-file", "docker-cmd", "container-puppet");
        // host puppet, deploy_steps_tasks, containers, bootstrap tasks (docker_puppet_tasks / container_puppet_tasks)
        assertThat(groups.get("step_1")).containsExactly("puppet", "ansible", "docker-cmd");
        assertThat(groups.get("step_2")).containsExactly("puppet", "ansible", "docker-cmd", "container-puppet-tasks");
        assertThat(groups.get("step_3")).containsExactly("puppet", "ansible", "docker-cmd", "container-puppet-tasks");
        assertThat(report.get("phases").get(0).get("changes").toString())
                .contains("config scripts: wrote "
                        + dir.resolve("container-config-scripts/" + name + "_keystone_db_sync.sh"));

        // host_prep_tasks ran before pre's containers and volumes; step_0 ran in pre
        assertThat(read("log/" + name + "_memcached/readme.txt"))
                .isEqualTo("Memcached container logs to stdout/stderr only.");
        assertThat(dir.resolve("lib-mysql")).isDirectory();
        assertThat(read("log/" + name + "_keystone/init.log")).isEqualTo("log initialised");
        // deploy_steps_tasks at step 1: after that step's host puppet, before its containers
        String step1 = read("log/" + name + "_memcached/deploy-step-1.txt");
        assertThat(step1).isEqualTo("step 1 of " + name + "; host puppet wrote port=11211");
        assertThat(read("log/" + name + "_memcached/seen-by-container.txt")).isEqualTo(step1);
        // config scripts where TripleO writes them, with their mode, used by the containers
        assertThat(mode("container-config-scripts/" + name + "_keystone_db_sync.sh"))
                .isEqualTo("rwxr-xr-x");
        assertThat(read("log/" + name + "_keystone/db_sync.log")).isEqualTo("db_sync of keystone done");
        assertThat(mode("docker-config-scripts/" + name + "_mysql_check.sh")).isEqualTo("rwx------");
        assertThat(DemoRole.docker("inspect", "--format", "{{.State.Running}}", name + "_mysql"))
                .isEqualTo("true");
        // global_config_settings reach every role's hiera, service_config_settings the roles running the service
        JsonNode hiera = Json.parse(Files.readString(dir.resolve("puppet/hieradata/service_configs.json")));
        assertThat(hiera.get(name + "_memcached_node_ips").toString()).isEqualTo("[\"127.0.0.1\"]");
        assertThat(hiera.get(name + "_mysql_short_bootstrap_node_name").asText())
                .isEqualTo("node-0");
        assertThat(hiera.get("tht::keystone::db::user").asText()).isEqualTo("keystone");
        assertThat(hiera.has("tripleo_logging_sources_keystone")).isFalse();
        assertThat(read("config-data/puppet-generated/" + name + "_keystone/etc/keystone/keystone.conf"))
                .contains("memcache_servers=127.0.0.1");
        assertThat(read("config-data/puppet-generated/" + name + "_mysql/etc/my.cnf.d/galera.cnf"))
                .contains("keystone database keystone for keystone");

        List<String> unacted = new ArrayList<>();
        report.get("not_acted_on")
                .forEach(u -> unacted.add(u.get("service").asText().replace(name + "_", "tht_") + "."
                        + u.get("output").asText()));
        assertThat(unacted)
                .containsExactlyInAnyOrder(
                        "tht_memcached.monitoring_subscription",
                        "tht_memcached.logging_source",
                        "tht_memcached.logging_groups",
                        "tht_memcached.firewall_rules",
                        "tht_keystone.monitoring_subscription",
                        "tht_keystone.keystone_resources",
                        "tht_keystone.metadata_settings",
                        "tht_keystone.ansible_group_vars",
                        "tht_keystone.external_deploy_tasks",
                        "tht_keystone.external_upgrade_tasks",
                        "tht_keystone.scale_tasks",
                        "tht_keystone.some_future_output",
                        "tht_mysql.logging_source",
                        "tht_mysql.logging_groups",
                        "tht_mysql.upgrade_batch_tasks",
                        "rsyslog.service_config_settings");

        // nothing changed: nothing runs, and the summary still names what was not acted on
        HearthProcess.Result again = hearth(0, "deploy", "--config", agentYaml.toString(), file.toString());
        assertThat(again.stdout())
                .contains("0 deployment(s) ran")
                .contains("nothing changed")
                .contains("not acted on (16):")
                .contains(
                        name
                                + "_memcached.firewall_rules: node-side, not applied: firewall.apply is false in the agent config")
                .contains(name + "_keystone.some_future_output: unknown output, not acted on")
                .contains(name + "_keystone.external_deploy_tasks: control-plane side:");

        // the pacemaker image: deploy_steps_tasks tagged it pcmklatest at step 1, and mysql runs it
        String first = imageId("hearth-test/busybox:latest");
        assertThat(imageId(image("pcmklatest"))).isEqualTo(first);
        assertThat(DemoRole.docker("inspect", "--format", "{{.Config.Image}} {{.Image}}", name + "_mysql"))
                .isEqualTo(image("pcmklatest") + " " + first);
        // a newer image arrives under the name the update pulls (built here, so it names no registry)
        DemoRole.docker("commit", "--change", "LABEL hearth.test.version=2", name + "_mysql", image("latest"));
        String newer = imageId(image("latest"));
        assertThat(newer).isNotEqualTo(first);

        // hearth update: update_tasks (step 2 retags pcmklatest), the deploy (mysql replaced on the new
        // image, nothing else), then post_update_tasks
        HearthProcess.Result updated = hearth(0, "update", "--config", agentYaml.toString(), "--json", file.toString());
        JsonNode update = Json.parse(updated.stdout());
        assertThat(updated.stderr())
                .contains("names no registry and is present here: not pulled")
                .contains("TASK [Retag pcmklatest to latest Mariadb image]");
        assertThat(imageId(image("pcmklatest"))).isEqualTo(newer);
        assertThat(DemoRole.docker(
                        "inspect", "--format", "{{.Config.Image}} {{.Image}} {{.State.Running}}", name + "_mysql"))
                .isEqualTo(image("pcmklatest") + " " + newer + " true");
        assertThat(update.at("/deploy/succeeded").asBoolean()).isTrue();
        assertThat(update.at("/deploy/phases").toString())
                .contains("replaced " + name + "_mysql")
                .doesNotContain("replaced " + name + "_keystone")
                .doesNotContain("replaced " + name + "_memcached");
        assertThat(update.at("/post_update_tasks/kind").asText()).isEqualTo("post_update_tasks");
        assertThat(update.at("/post_update_tasks/steps").size()).isEqualTo(4);
        assertThat(read("log/" + name + "_mysql/post-update.txt")).isEqualTo("post_update_tasks step 1");

        // hearth upgrade: upgrade_tasks, then post_upgrade_tasks
        JsonNode upgrade = Json.parse(
                hearth(0, "upgrade", "--config", agentYaml.toString(), "--json", "--release", "zed", file.toString())
                        .stdout());
        assertThat(upgrade.get("kind").asText()).isEqualTo("upgrade_tasks");
        assertThat(upgrade.at("/post_upgrade_tasks/succeeded").asBoolean()).isTrue();
        assertThat(read("log/" + name + "_mysql/upgrade.txt")).isEqualTo("upgrade_tasks to zed");
        assertThat(read("log/" + name + "_mysql/post-upgrade.txt")).isEqualTo("post_upgrade_tasks step 1 to zed");
    }

    @Test
    void aFailingHostPrepTaskStopsTheRestOfPreAndEveryStepNamingTheTask() throws Exception {
        Path file = dir.resolve("failing-prep.yaml");
        Files.writeString(file, """
                role: %1$s
                services:
                  - name: %1$s_svc
                    role_data:
                      service_name: %1$s_svc
                      config_settings: {svc::port: 1}
                      step_config: |
                        file { '%2$s/host-puppet-ran': ensure => file }
                      kolla_config:
                        %2$s/kolla/%1$s_svc.json: {command: /bin/true}
                      host_prep_tasks:
                        - name: create the log directory
                          file: {path: %2$s/log/svc, state: directory}
                        - name: mount the data disk
                          command: /bin/false
                        - name: never reached
                          file: {path: %2$s/log/svc/after-failure, state: touch}
                      deploy_steps_tasks:
                        - name: step task
                          file: {path: "%2$s/log/svc/step-{{ step }}", state: touch}
                      docker_config:
                        step_0:
                          %1$s_svc_init:
                            image: hearth-test/busybox:latest
                            net: none
                            detach: false
                            command: [/bin/true]
                        step_1:
                          %1$s_svc:
                            image: hearth-test/busybox:latest
                            net: none
                            command: [/bin/busybox, sleep, "2147483647"]
                """.formatted(name, dir));
        HearthProcess.Result r = hearth(1, "deploy", "--config", agentYaml.toString(), file.toString());
        assertThat(r.stdout())
                .contains("role " + name + ": FAILED")
                .contains("pre failed; the following steps did not run.")
                .contains("failed task: mount the data disk")
                .contains("not run after it in pre: json-file, docker-cmd");
        JsonNode report = Json.parse(hearth(1, "deploy", "--config", agentYaml.toString(), "--json", file.toString())
                .stdout());
        assertThat(report.get("succeeded").asBoolean()).isFalse();
        JsonNode pre = report.get("phases").get(0);
        assertThat(pre.get("result").asText()).isEqualTo("failed");
        assertThat(groups(report).get("pre")).containsExactly("ansible");
        assertThat(pre.get("error").asText()).contains("failed task: mount the data disk");
        report.get("phases").forEach(p -> {
            if (!p.get("phase").asText().equals("pre")) {
                assertThat(p.get("result").asText()).as(p.get("phase").asText()).isEqualTo("not_run");
            }
        });
        // the task before the failing one ran; nothing after it did: no later task, no kolla or hiera
        // file, no step_0 container, no host puppet, no deploy_steps_tasks, no step container
        assertThat(dir.resolve("log/svc")).isDirectory();
        assertThat(dir.resolve("log/svc/after-failure")).doesNotExist();
        assertThat(dir.resolve("kolla/" + name + "_svc.json")).doesNotExist();
        assertThat(dir.resolve("puppet/hieradata/service_configs.json")).doesNotExist();
        assertThat(dir.resolve("host-puppet-ran")).doesNotExist();
        assertThat(dir.resolve("log/svc/step-1")).doesNotExist();
        assertThat(DemoRole.docker(
                        "ps", "-a", "--filter", "label=deploy_stack_id=hearth-role/" + name, "--format", "{{.Names}}"))
                .isBlank();
    }
}
