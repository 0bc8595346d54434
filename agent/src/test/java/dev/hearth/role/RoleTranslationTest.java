package dev.hearth.role;

import dev.hearth.docker.ConfigHashes;
import dev.hearth.docker.DeploymentKey;
import dev.hearth.hook.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        return new RoleTranslation(MergedRole.of(RoleDocument.parse(yaml.replace("/cd/", dir + "/cd/"))), dir.resolve("hiera"),
                new ConfigHashes(dir.resolve("cd")), bootstrap);
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
        assertThat(pre.deployments()).extracting(Deployment::name)
                .containsExactly("r/pre/json-file", "r/pre/container-puppet");
        assertThat(pre.deployments().get(0).config().has(dir.resolve("hiera/service_configs.json").toString())).isTrue();
        assertThat(pre.deployments().get(1).input("step")).contains("6");
    }

    @Test
    void stepsRunHostPuppetContainersAndBootstrapTasksOnTheBootstrapNode() {
        RoleTranslation t = translation(ROLE, true);
        assertThat(t.step(2).deployments()).extracting(Deployment::group).containsExactly("puppet", "docker-cmd");
        assertThat(t.step(3).deployments()).extracting(Deployment::group).containsExactly("puppet", "container-puppet-tasks");
        assertThat(translation(ROLE, false).step(3).deployments()).extracting(Deployment::group).containsExactly("puppet");
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
        assertThat(hiera.pre().deployments().get(1).id()).isNotEqualTo(t.pre().deployments().get(1).id());
        assertThat(hiera.step(4).deployments().get(0).id()).isNotEqualTo(t.step(4).deployments().get(0).id());
        assertThat(hiera.step(4).deployments().get(1).id()).isEqualTo(step4);
    }

    private static List<String> ids(RoleTranslation t) {
        List<String> out = new java.util.ArrayList<>(t.pre().deployments().stream().map(Deployment::id).toList());
        for (int n = 1; n <= 5; n++) t.step(n).deployments().forEach(d -> out.add(d.id()));
        return out;
    }

    @Test
    void badDocumentsNameThePath() {
        assertThatThrownBy(() -> RoleDocument.parse("role: r\nservices: [{name: a, docker_config: {step_9: {}}}]"))
                .hasMessageStartingWith("$.services[0].docker_config.step_9");
        assertThatThrownBy(() -> RoleDocument.parse("role: r\nservices: [{name: a, dockr_config: {}}]"))
                .hasMessageStartingWith("$.services[0].dockr_config: unknown");
        assertThatThrownBy(() -> RoleDocument.parse("role: r\nservices: [{name: a}, {name: a}]"))
                .hasMessageContaining("duplicate service a");
        assertThatThrownBy(() -> StepRange.parse("0-3")).hasMessageContaining("within 1-5");
        assertThat(StepRange.parse("1,3-4")).containsExactly(1, 3, 4);
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
                    for (Throwable c = e; c != null; c = c.getCause()) assertThat(c.getMessage()).doesNotContain(secret);
                });
    }
}
