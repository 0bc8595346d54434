package dev.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.docker.DeploymentKey;
import dev.hearth.hook.Deployment;
import dev.hearth.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinHooksTest {
    private static Deployment docker(String stack) {
        return Deployment.fromJson(Json.parse("""
                {"id": "x", "group": "docker-cmd", "config": {},
                 "inputs": [{"name": "deploy_stack_id", "value": "%s"}, {"name": "deploy_resource_name", "value": "r"}]}
                """.formatted(stack)), "$");
    }

    @Test
    void metadataCleanupLeavesLocallyDeployedRolesAlone() {
        var scope = BuiltinHooks.metadataScope(List.of(docker("overcloud/123")));
        assertThat(scope.test(new DeploymentKey("overcloud/123", "r"))).isTrue();
        assertThat(scope.test(new DeploymentKey("old-stack/9", "r"))).isTrue();
        assertThat(scope.test(new DeploymentKey("hearth-role/demo", "step_2"))).isFalse();
    }

    @Test
    void aRolePushedInItsPerStepFormIsCleanedByItsMetadata() {
        var scope = BuiltinHooks.metadataScope(List.of(docker("hearth-role/demo")));
        assertThat(scope.test(new DeploymentKey("hearth-role/demo", "step_4"))).isTrue();
        assertThat(scope.test(new DeploymentKey("hearth-role/other", "step_2"))).isFalse();
    }

    @Test
    void jsonFileNeverWritesHearthsOwnFilesAndTakesItsRootsFromAgentYaml() {
        dev.hearth.config.AgentConfig config = new dev.hearth.config.ConfigLoader().parse("""
                state_dir: /var/lib/heat-config/hearth-state
                http: {token_file: /var/lib/kolla/config_files/api.token}
                config_volumes: {hiera_dir: /srv/hiera, kolla_dir: /srv/kolla}
                """, "agent.yaml");
        var hook = new dev.hearth.jsonfile.JsonFileHook(BuiltinHooks.jsonFileSettings(config));
        assertThat(hook.checkPath("/srv/hiera/service_configs.json")).isNull();
        assertThat(hook.checkPath("/srv/kolla/nova.json")).isNull();
        assertThat(hook.checkPath("/var/lib/tripleo-config/x.json")).isNull();
        assertThat(hook.checkPath("/etc/cron.d/x")).startsWith("outside the allowed roots");
        assertThat(hook.checkPath("/var/lib/heat-config/hearth-state/deployments/x.json"))
                .contains("Hearth's own");
        assertThat(hook.checkPath("/var/lib/kolla/config_files/api.token")).contains("Hearth's own");
        assertThat(hook.checkPath("/var/lib/heat-config/deployed/x.json")).contains("Hearth's own");
        assertThat(hook.checkPath("/var/lib/heat-config/hooks/evil")).contains("Hearth's own");

        dev.hearth.config.AgentConfig narrow = new dev.hearth.config.ConfigLoader().parse("""
                json_file: {roots: [/srv/app-config]}
                """, "agent.yaml");
        var only = new dev.hearth.jsonfile.JsonFileHook(BuiltinHooks.jsonFileSettings(narrow));
        assertThat(only.checkPath("/srv/app-config/a.json")).isNull();
        assertThat(only.checkPath("/var/lib/tripleo-config/x.json")).startsWith("outside the allowed roots");
        assertThat(only.checkPath("/etc/puppet/hieradata/service_configs.json")).isNull(); // hiera_dir stays
        assertThat(only.checkPath("/etc/hearth/agent.yaml")).isNotNull();
    }

    @Test
    void theChecksumOptionReachesTheConfigVolumeSettings() {
        var loader = new dev.hearth.config.ConfigLoader();
        assertThat(BuiltinHooks.configVolumeSettings(loader.parse("", "agent.yaml"))
                        .checksum())
                .isEqualTo(dev.hearth.configvolume.VolumeChecksum.Algorithm.TRIPLEO);
        assertThat(BuiltinHooks.configVolumeSettings(loader.parse("config_volumes: {checksum: sorted}", "agent.yaml"))
                        .checksum())
                .isEqualTo(dev.hearth.configvolume.VolumeChecksum.Algorithm.SORTED);
    }

    /** `hearth hook GROUP` makes its one hook from the same table the agent makes all of them from. */
    @Test
    void eachBuiltInHookIsMadeAloneAsTheAgentMakesIt() {
        var config = new dev.hearth.config.ConfigLoader().parse("", "agent.yaml");
        var all = BuiltinHooks.create(config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        assertThat(BuiltinHooks.groups()).containsExactlyElementsOf(all.all().keySet());
        assertThat(BuiltinHooks.groups())
                .containsExactly(
                        "script",
                        "docker-cmd",
                        "puppet",
                        "json-file",
                        "container-puppet",
                        "container-puppet-tasks",
                        "ansible",
                        "docker-puppet",
                        "docker-puppet-tasks");
        for (String group : BuiltinHooks.groups()) {
            var alone = BuiltinHooks.createOne(
                            config, io.micrometer.core.instrument.simple.SimpleMeterRegistry::new, group)
                    .orElseThrow();
            assertThat(alone)
                    .as(group)
                    .isExactlyInstanceOf(all.find(group).orElseThrow().getClass());
            assertThat(alone.group())
                    .as(group)
                    .isEqualTo(all.find(group).orElseThrow().group());
        }
        assertThat(BuiltinHooks.createOne(
                        config, io.micrometer.core.instrument.simple.SimpleMeterRegistry::new, "nosuch"))
                .isEmpty();
    }

    /** /readyz's docker check on both real engines (.ci/setup-docker.sh, .ci/setup-podman.sh): it names the one that answers. */
    @Test
    void readinessSaysWhichEngineAnswers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var store = new dev.hearth.deploy.DeploymentStore(dir.resolve("state"));
        store.save(new dev.hearth.deploy.DeploymentRecord(
                "d1",
                "n",
                "docker-cmd",
                "CREATE",
                "poll",
                dev.hearth.deploy.DeploymentState.SUCCEEDED,
                null,
                null,
                null,
                0,
                null,
                null,
                null,
                null));
        var loader = new dev.hearth.config.ConfigLoader();
        for (String host : List.of(
                dev.hearth.docker.DockerEndpoint.LOCAL_SOCKET, dev.hearth.docker.DockerEndpoint.PODMAN_SOCKET)) {
            var config = loader.parse("docker: {host: '" + host + "'}", "agent.yaml");
            var hooks = BuiltinHooks.create(config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            var checks = dev.hearth.http.ReadinessProbe.allOf(BuiltinHooks.readiness(hooks, store))
                    .check();
            assertThat(checks).hasSize(1);
            assertThat(checks.getFirst().ok()).isTrue();
            assertThat(checks.getFirst().detail())
                    .startsWith(host.contains("podman") ? "Podman Engine " : "Docker Engine ")
                    .contains("(API 1.")
                    .endsWith(" at " + host);
        }
    }
}
