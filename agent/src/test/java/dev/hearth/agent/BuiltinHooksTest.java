package dev.hearth.agent;

import dev.hearth.docker.DeploymentKey;
import dev.hearth.hook.Deployment;
import dev.hearth.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
    void theChecksumOptionReachesTheConfigVolumeSettings() {
        var loader = new dev.hearth.config.ConfigLoader();
        assertThat(BuiltinHooks.configVolumeSettings(loader.parse("", "agent.yaml")).checksum())
                .isEqualTo(dev.hearth.configvolume.VolumeChecksum.Algorithm.TRIPLEO);
        assertThat(BuiltinHooks.configVolumeSettings(loader.parse("config_volumes: {checksum: sorted}", "agent.yaml")).checksum())
                .isEqualTo(dev.hearth.configvolume.VolumeChecksum.Algorithm.SORTED);
    }
}
