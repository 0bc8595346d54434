package dev.hearth.docker;

import org.junit.jupiter.api.Tag;

/**
 * The same docker-cmd suite against podman's Docker-compatible API service (.ci/setup-podman.sh),
 * selected the way a node selects it: {@code docker.host}. Where podman answers differently,
 * docs/podman.md names the test that shows it.
 */
@Tag("podman")
class DockerCmdHookPodmanTest extends DockerCmdHookDockerTest {
    @Override
    String host() {
        return DockerEndpoint.PODMAN_SOCKET;
    }
}
