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

    // Not run again on podman (an override without @Test is no test), to keep CI short: the
    // fast-forward upgrade tasks run ansible on the host and touch no container; the update and the
    // pushed per-step deployments make the same engine calls as the deploy above (create, keep,
    // replace, exec, one-shot) and took 3 min each here; both passed on podman when last run in full
    // (docs/podman.md).
    @Override
    void upgradeRunsFastForwardPrepStepsAndLeavesTheBootstrapStepsToTheBootstrapNode() {}

    @Override
    void updateRunsTheUpdateTasksThenDeploysWhatTheyChanged() {}

    @Override
    void theSameRoleAsPushedPerStepDeploymentsEndsInTheSameContainers() {}
}
