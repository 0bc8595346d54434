package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DockerEndpointTest {
    private static final Path DOCKERD = Path.of("/var/run/docker.sock");
    private static final Path PODMAN = Path.of("/run/podman/podman.sock");

    private static String resolve(String setting, Map<String, String> env, Set<Path> sockets) {
        return DockerEndpoint.resolve(setting, env, sockets::contains).uri();
    }

    @Test
    void theSettingWinsThenTheEnvironmentThenDockerdThenPodman() {
        Set<Path> both = Set.of(DOCKERD, PODMAN);
        assertThat(resolve("tcp://10.0.0.1:2375", Map.of("DOCKER_HOST", "tcp://y"), both))
                .isEqualTo("tcp://10.0.0.1:2375");
        assertThat(resolve(null, Map.of("DOCKER_HOST", "tcp://y"), both)).isEqualTo("tcp://y");
        assertThat(resolve(" ", Map.of("DOCKER_HOST", ""), both)).isEqualTo(DockerEndpoint.LOCAL_SOCKET);
        assertThat(resolve(null, Map.of(), Set.of(PODMAN))).isEqualTo(DockerEndpoint.PODMAN_SOCKET);
        assertThat(resolve(null, Map.of(), Set.of(DOCKERD))).isEqualTo(DockerEndpoint.LOCAL_SOCKET);
    }

    @Test
    void withNeitherSocketTheAddressIsDockerdsSoTheErrorNamesTheUsualPlace() {
        assertThat(resolve(null, Map.of(), Set.of())).isEqualTo(DockerEndpoint.LOCAL_SOCKET);
    }

    @Test
    void theEngineSaysWhichItIs() {
        assertThat(EngineInfo.nameOf(java.util.List.of("Podman Engine", "Conmon", "OCI Runtime (runc)")))
                .isEqualTo(EngineInfo.PODMAN);
        assertThat(EngineInfo.nameOf(java.util.List.of("Engine", "containerd", "runc")))
                .isEqualTo(EngineInfo.DOCKER);
        assertThat(EngineInfo.nameOf(java.util.List.of())).isEqualTo(EngineInfo.DOCKER);
    }

    /** Both real engines of a CI machine (.ci/setup-docker.sh, .ci/setup-podman.sh), through the one gateway. */
    @Test
    void dockerdAndPodmanAnswerWithTheirNamesAndVersions() {
        for (String host : new String[] {DockerEndpoint.LOCAL_SOCKET, DockerEndpoint.PODMAN_SOCKET}) {
            DockerHookSettings settings = DockerHookSettings.defaults().withDockerHost(host);
            try (Engine engine = Engine.connect(settings, Map.of(), new SimpleMeterRegistry())) {
                EngineInfo info = engine.info();
                assertThat(info.endpoint()).isEqualTo(host);
                assertThat(info.name()).isEqualTo(host.contains("podman") ? EngineInfo.PODMAN : EngineInfo.DOCKER);
                assertThat(info.podman()).isEqualTo(host.contains("podman"));
                assertThat(info.version()).matches("\\d+\\.\\d+.*");
                assertThat(info.apiVersion()).matches("1\\.\\d+");
                assertThat(info.describe())
                        .startsWith(info.name() + " " + info.version() + " (API 1.")
                        .endsWith(" at " + host);
            }
        }
    }
}
