package dev.hearth.it;

import org.junit.jupiter.api.Tag;

/**
 * `hearth deploy` of the demo role on podman: the agent.yaml's {@code docker.host} names podman's
 * Docker-compatible API service (.ci/setup-podman.sh loads both test images into its storage), and
 * the containers' systemd units and k8s-file logs go below the test's directory. Where podman
 * answers differently, docs/podman.md names the test that shows it.
 */
@Tag("podman")
class RoleDeployPodmanTest extends RoleDeployTest {
    @Override
    String host() {
        return "unix:///run/podman/podman.sock";
    }

    // Not run again on podman (an override without @Test is no test): the fast-forward upgrade
    // tasks run ansible on the host and touch no container.
    @Override
    void upgradeRunsFastForwardPrepStepsAndLeavesTheBootstrapStepsToTheBootstrapNode() {}
}
