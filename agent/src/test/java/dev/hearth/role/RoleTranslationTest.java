package dev.hearth.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.docker.ConfigHashes;
import dev.hearth.docker.DeploymentKey;
import dev.hearth.hook.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleTranslationTest {
    @TempDir
    Path dir;

    static final String ROLE = """
            role: r
            services:
              - name: a
                config_settings: {x: {one: 1, keep: k}, list: [1]}
                step_config: "include a"
                puppet_config: {config_volume: a, config_image: img, step_config: "file {'/a':}"}
                kolla_config: {/k/a.json: {command: a}}
                docker_config:
                  step_2: {a: {image: img, volumes: ["/cd/puppet-generated/a/:/src:ro"]}, shared: {image: one}}
                docker_puppet_tasks: {step_3: [{config_volume: t, config_image: img, step_config: x}]}
              - name: b
                config_settings: {x: {one: 2, two: 2}, list: [2]}
                step_config: "include b"
                puppet_config: {config_volume: a, config_image: img, step_config: "file {'/a':}"}
                docker_config:
                  step_2: {shared: {image: two}}
                  step_4: {b: {image: img}}
                update_tasks: [{name: u, when: step|int == 1}]
            """;

    private RoleTranslation translation(String yaml, boolean bootstrap) {
        return new RoleTranslation(
                MergedRole.of(RoleDocument.parse(yaml.replace("/cd/", dir + "/cd/"))),
                dir.resolve("hiera"),
                new ConfigHashes(dir.resolve("cd")),
                bootstrap);
    }

    @Test
    void mergesServicesAsTripleoDoes() {
        MergedRole m = MergedRole.of(RoleDocument.parse(ROLE));
        assertThat(m.hiera().toString()).isEqualTo("{\"x\":{\"one\":2,\"keep\":\"k\",\"two\":2},\"list\":[2]}");
        assertThat(m.puppetConfig()).hasSize(1);
        assertThat(m.stepConfig()).isEqualTo("include a\ninclude b");
        assertThat(m.containers(2).get("shared").get("image").asText()).isEqualTo("two");
        assertThat(m.serviceOf("shared")).isEqualTo("b");
        assertThat(m.bootstrapTasks().get(3)).hasSize(1);
        assertThat(m.tasks().get("update_tasks")).hasSize(1);
    }

    @Test
    void preWritesKollaAndHieraThenGeneratesVolumes() {
        RolePhase pre = translation(ROLE, false).pre();
        assertThat(pre.deployments())
                .extracting(Deployment::name)
                .containsExactly("r/pre/json-file", "r/pre/container-puppet");
        assertThat(pre.deployments()
                        .get(0)
                        .config()
                        .has(dir.resolve("hiera/service_configs.json").toString()))
                .isTrue();
        assertThat(pre.deployments().get(1).input("step")).contains("6");
    }

    @Test
    void stepsRunHostPuppetContainersAndBootstrapTasksOnTheBootstrapNode() {
        RoleTranslation t = translation(ROLE, true);
        assertThat(t.step(2).deployments()).extracting(Deployment::group).containsExactly("puppet", "docker-cmd");
        assertThat(t.step(3).deployments())
                .extracting(Deployment::group)
                .containsExactly("puppet", "container-puppet-tasks");
        assertThat(translation(ROLE, false).step(3).deployments())
                .extracting(Deployment::group)
                .containsExactly("puppet");
        Deployment puppet = t.step(2).deployments().get(0);
        assertThat(puppet.input("step")).contains("2");
        assertThat(puppet.options().get("enable_hiera").asBoolean()).isTrue();
        Deployment docker = t.step(2).deployments().get(1);
        assertThat(docker.name()).isEqualTo("r/step_2/docker-cmd");
        assertThat(t.owns(DeploymentKey.of(docker))).isTrue();
        assertThat(t.owns(new DeploymentKey("other", "step_2_docker-cmd"))).isFalse();
    }

    @Test
    void idsChangeExactlyWithWhatAPhaseDependsOn() throws Exception {
        RoleTranslation t = translation(ROLE, true);
        List<String> before = ids(t);
        assertThat(ids(translation(ROLE, true))).isEqualTo(before);
        String step2 = t.step(2).deployments().get(1).id();
        String step4 = t.step(4).deployments().get(1).id();
        // a changed config volume checksum changes the ids of the steps that mount it only
        Files.createDirectories(dir.resolve("cd/puppet-generated"));
        Files.writeString(dir.resolve("cd/puppet-generated/a.md5sum"), "0123456789abcdef0123456789abcdef\n");
        RoleTranslation after = translation(ROLE, true);
        assertThat(after.step(2).deployments().get(1).id()).isNotEqualTo(step2);
        assertThat(after.step(4).deployments().get(1).id()).isEqualTo(step4);
        // a hiera change regenerates volumes and re-runs host puppet, containers wait for the checksums
        RoleTranslation hiera = translation(ROLE.replace("two: 2", "two: 3"), true);
        assertThat(hiera.pre().deployments().get(1).id())
                .isNotEqualTo(t.pre().deployments().get(1).id());
        assertThat(hiera.step(4).deployments().get(0).id())
                .isNotEqualTo(t.step(4).deployments().get(0).id());
        assertThat(hiera.step(4).deployments().get(1).id()).isEqualTo(step4);
    }

    private static List<String> ids(RoleTranslation t) {
        List<String> out = new java.util.ArrayList<>(
                t.pre().deployments().stream().map(Deployment::id).toList());
        for (int n = 1; n <= 5; n++) t.step(n).deployments().forEach(d -> out.add(d.id()));
        return out;
    }

    @Test
    void badDocumentsNameThePath() {
        assertThatThrownBy(() -> RoleDocument.parse("role: r\nservices: [{name: a, docker_config: {step_9: {}}}]"))
                .hasMessageStartingWith("$.services[0].docker_config.step_9");
        // an unknown output is not refused (real roles carry outputs of later releases) but listed
        assertThat(RoleDocument.parse("role: r\nservices: [{name: a, dockr_config: {x: 1}}]")
                        .services()
                        .get(0)
                        .unacted())
                .containsExactly(new UnactedOutput("a", "dockr_config", "unknown output, not acted on"));
        assertThatThrownBy(() -> RoleDocument.parse("role: r\nservices: [{name: a, docker_config: {step_0x: {}}}]"))
                .hasMessageStartingWith("$.services[0].docker_config.step_0x: must be named step_0 .. step_5");
        assertThatThrownBy(() ->
                        RoleDocument.parse("role: r\nservices: [{name: a, container_puppet_tasks: {step_0: []}}]"))
                .hasMessageStartingWith("$.services[0].container_puppet_tasks.step_0: must be named step_1 .. step_5");
        assertThatThrownBy(() -> RoleDocument.parse("role: r\nservices: [{name: a, container_config_scripts: "
                        + "{x.sh: {mode: '0799', content: 'secret-ish'}}}]"))
                .hasMessageStartingWith("$.services[0].container_config_scripts.x.sh.mode: must be an octal file mode")
                .hasMessageNotContaining("secret-ish");
        assertThatThrownBy(() -> RoleDocument.parse(
                        "role: r\nservices: [{name: a, container_config_scripts: " + "{../x.sh: {content: x}}}]"))
                .hasMessageStartingWith("$.services[0].container_config_scripts.../x.sh: must be a file name");
        assertThatThrownBy(() -> RoleDocument.parse("role: r\nservices: [{name: a}, {name: a}]"))
                .hasMessageContaining("duplicate service a");
        assertThatThrownBy(() -> StepRange.parse("0-3")).hasMessageContaining("within 1-5");
        assertThat(StepRange.parse("1,3-4")).containsExactly(1, 3, 4);
    }

    static final String LATER = """
            role: r
            services:
              - name: memcached
                role_data:
                  service_name: memcached
                  config_settings: {memcached::port: 11211, shared: {a: 1}}
                  global_config_settings: {memcached_node_ips: [1.2.3.4], shared: {g: 1}}
                  service_config_settings:
                    mysql: {mysql::from_memcached: 1}
                    keystone: {keystone::cache: memcached, deep: {m: 1}}
                  host_prep_tasks:
                    - name: create persistent directories
                      file: {path: /var/log/containers/memcached, state: directory}
                  deploy_steps_tasks:
                    - name: step 2 task
                      when: step|int == 2
                      debug: {msg: two}
                  container_config_scripts:
                    wait-port.sh: {mode: "0755", content: "#!/bin/sh\n"}
                  docker_config:
                    step_0:
                      memcached_init_logs: {image: img, detach: false, volumes: ["/cd/puppet-generated/memcached:/x:ro"]}
                    step_1:
                      memcached: {image: img}
                  container_puppet_tasks:
                    step_3: [{config_volume: m, config_image: img, step_config: x}]
                  post_update_tasks: [{name: p, debug: {msg: p}}]
                  monitoring_subscription: overcloud-memcached
                  logging_source: {tag: openstack.memcached}
                  logging_groups: []
                  external_deploy_tasks: [{name: e, debug: {}}]
                  firewall_rules: {'121 memcached': {dport: [11211]}}
                  metadata_settings: null
                  something_new: {x: 1}
              - name: keystone
                config_settings: {keystone::admin: x, memcached::port: 1}
                step_config: "include keystone"
                service_config_settings:
                  keystone: {deep: {k: 1}}
                docker_puppet_tasks:
                  step_3: [{config_volume: k, config_image: img, step_config: y}]
                firewall_rules: {'121 memcached': {dport: 11212, ipversion: ipv4}, '111 keystone': {dport: [5000]}}
            """;

    @Test
    void laterOutputsAreMergedAsTripleoMergesThem() {
        MergedRole m = MergedRole.of(RoleDocument.parse(LATER));
        assertThat(m.services()).containsExactly("memcached", "keystone");
        // config_settings, then every global_config_settings, then the service_config_settings of the services
        // this role runs (deep-merged together), each replacing top-level keys
        assertThat(m.hiera().get("memcached::port").asInt()).isEqualTo(1);
        assertThat(m.hiera().get("memcached_node_ips").toString()).isEqualTo("[\"1.2.3.4\"]");
        assertThat(m.hiera().get("shared").toString()).isEqualTo("{\"g\":1}");
        assertThat(m.hiera().get("keystone::cache").asText()).isEqualTo("memcached");
        assertThat(m.hiera().get("deep").toString()).isEqualTo("{\"m\":1,\"k\":1}");
        assertThat(m.hiera().has("mysql::from_memcached")).isFalse();
        assertThat(m.bootstrapTasks().get(3)).hasSize(2);
        assertThat(m.containers(0).has("memcached_init_logs")).isTrue();
        assertThat(m.configScripts()
                        .get("container_config_scripts")
                        .get("wait-port.sh")
                        .get("mode")
                        .asText())
                .isEqualTo("0755");
        assertThat(m.tasks()).containsKeys("host_prep_tasks", "deploy_steps_tasks", "post_update_tasks");
        // firewall_rules are merged by rule name as map_merge does: keystone's '121 memcached' replaces memcached's
        assertThat(m.firewallRules())
                .extracting(r -> r.service() + ": " + r.comment() + " " + String.join(" ", r.matches()))
                .containsExactly(
                        "keystone: 121 memcached ipv4 -p tcp -m multiport --dports 11212 -m conntrack --ctstate NEW"
                                + " -m comment --comment 121 memcached ipv4 -j ACCEPT",
                        "keystone: 111 keystone ipv4 -p tcp -m multiport --dports 5000 -m conntrack --ctstate NEW"
                                + " -m comment --comment 111 keystone ipv4 -j ACCEPT",
                        "keystone: 111 keystone ipv6 -p tcp -m multiport --dports 5000 -m conntrack --ctstate NEW"
                                + " -m comment --comment 111 keystone ipv6 -j ACCEPT");
        assertThatThrownBy(() -> RoleDocument.parse(LATER.replace(
                        "{'121 memcached': {dport: [11211]}}", "{'121 memcached': {dport: [11211], todest: x}}")))
                .isInstanceOf(RoleException.class)
                .hasMessage("$.services[0].role_data.firewall_rules['121 memcached'].todest: not supported by Hearth "
                        + "(a rule may have action, chain, destination, dport, extras, iniface, interface, ipversion, "
                        + "jump, limit, limit_burst, port, proto, source, sport, state, table)");
        assertThat(m.unacted())
                .extracting(UnactedOutput::line)
                .containsExactlyInAnyOrder(
                        "memcached.monitoring_subscription: control-plane side: a sensu subscription for the monitoring setup",
                        "memcached.logging_source: control-plane side: gathered into the fluentd service's hiera by the templates",
                        "memcached.external_deploy_tasks: control-plane side: run by the undercloud's ansible against the whole stack",
                        "memcached.something_new: unknown output, not acted on",
                        "mysql.service_config_settings: for the roles that run mysql; this role does not");
    }

    @Test
    void hostPrepAndStep0RunInPreAndDeployStepsTasksBetweenHostPuppetAndContainers() {
        RoleTranslation t = translation(LATER, true);
        assertThat(t.pre().deployments())
                .extracting(Deployment::name)
                .containsExactly("r/pre/ansible", "r/pre/json-file", "r/pre/docker-cmd");
        Deployment prep = t.pre().deployments().get(0);
        assertThat(prep.config().toString())
                .contains("create persistent directories")
                .contains("\"gather_facts\":false")
                .doesNotContain("\"step\"");
        assertThat(t.step(2).deployments()).extracting(Deployment::group).containsExactly("puppet", "ansible");
        assertThat(t.step(1).deployments())
                .extracting(Deployment::group)
                .containsExactly("puppet", "ansible", "docker-cmd");
        Deployment steps = t.step(2).deployments().get(1);
        assertThat(steps.config().get(0).get("vars").get("step").asInt()).isEqualTo(2);
        assertThat(steps.config().get(0).get("vars").get("tripleo_role_name").asText())
                .isEqualTo("r");
        assertThat(t.step(3).deployments())
                .extracting(Deployment::group)
                .containsExactly("puppet", "ansible", "container-puppet-tasks");
        // step_0 containers do not carry config-volume checksums (they run before the volumes are generated)
        String step0 = t.pre().deployments().get(2).id();
        try {
            Files.createDirectories(dir.resolve("cd/puppet-generated"));
            Files.writeString(
                    dir.resolve("cd/puppet-generated/memcached.md5sum"), "0123456789abcdef0123456789abcdef\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(translation(LATER, true).pre().deployments().get(2).id()).isEqualTo(step0);
        assertThat(t.allContainerDeployments())
                .extracting(Deployment::name)
                .containsExactly("r/pre/docker-cmd", "r/step_1/docker-cmd");
    }

    @Test
    void anchorsAliasesAndMergeKeysAreResolved() {
        RoleDocument role = RoleDocument.parse("""
                role: r
                services:
                  - name: kv
                    service_config_settings: &defaults {image: img, net: host, restart: always}
                    config_settings:
                      kv::password: &pw s3cret-value
                      kv::replica_password: *pw
                    docker_config:
                      step_2:
                        kv: {<<: *defaults, restart: unless-stopped}
                """);
        RoleService kv = role.services().get(0);
        assertThat(kv.configSettings().get("kv::replica_password").textValue()).isEqualTo("s3cret-value");
        assertThat(kv.dockerConfig().get(2).get("kv").toString())
                .isEqualTo("{\"image\":\"img\",\"net\":\"host\",\"restart\":\"unless-stopped\"}");
    }

    @Test
    void aBrokenRoleFileNamesLineAndColumnButNotItsContent() {
        String secret = "Hunter2-s3cr3t-Plant";
        assertThatThrownBy(() -> RoleDocument.parse("role: r\nservices:\n  - name: db\n    config_settings:\n"
                        + "      mysql::root_password: \"" + secret + "\n"))
                .isInstanceOf(RoleException.class)
                .hasMessageContaining("quoted scalar (line 5, column 29)")
                .satisfies(e -> {
                    for (Throwable c = e; c != null; c = c.getCause())
                        assertThat(c.getMessage()).doesNotContain(secret);
                });
    }
}
