package dev.hearth.configvolume;

import dev.hearth.docker.DockerEndpoint;
import org.junit.jupiter.api.Tag;

/**
 * The config-volume suite (container-puppet and bootstrap tasks) against podman's Docker-compatible
 * API service (.ci/setup-podman.sh loads the puppet image into its storage), selected as a node
 * selects it: {@code docker.host}. Where podman answers differently, docs/podman.md names the test.
 */
@Tag("podman")
class ConfigVolumePodmanTest extends ConfigVolumeDockerTest {
    @Override
    String host() {
        return DockerEndpoint.PODMAN_SOCKET;
    }

    // Not run again on podman (an override without @Test is no test): what these two check happens
    // after the puppet container has exited, in the tree sync and the checksums, and their container
    // calls (create, start, state, logs, remove) are those of the three kept. Saves ~95 s of CI.

    @Override
    void aFileRemovedByPuppetDisappearsFromPuppetGenerated() {}

    @Override
    void anExistingPasswordFileCountsInTheChecksumButIsNotReplaced() {}
}
