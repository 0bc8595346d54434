package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * podman's answer to an inspect made while the container's process exits (500, "no such process":
 * seen by RoleDeployPodmanTest as a failed config volume) is asked again; other 500s are not.
 * The transport answers as podman did; the Engine and docker-java are the real ones.
 */
class EngineInspectWhileExitingTest {
    private static final String EXITING =
            "{\"cause\":\"no such process\",\"message\":\"read /proc/29043/cgroup: no such process\",\"response\":500}";
    private static final String EXITED =
            "{\"Id\":\"c1\",\"State\":{\"Status\":\"exited\",\"Running\":false,\"ExitCode\":0}}";

    /** Answers the first {@code failures} inspects with {@code error}, then with the exited container. */
    private static final class Podman implements DockerHttpClient {
        final AtomicInteger inspects = new AtomicInteger();
        final int failures;
        final String error;

        Podman(int failures, String error) {
            this.failures = failures;
            this.error = error;
        }

        Engine engine() {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost("unix:///nonexistent/podman.sock")
                    .withApiVersion(RemoteApiVersion.UNKNOWN_VERSION)
                    .build();
            return new Engine(
                    DockerClientImpl.getInstance(config, this),
                    new SimpleMeterRegistry(),
                    Duration.ofSeconds(5),
                    Duration.ZERO);
        }

        @Override
        public Response execute(Request request) {
            if (!request.path().endsWith("/containers/c1/json")) return answer(404, "{\"message\":\"no such path\"}");
            return inspects.incrementAndGet() <= failures ? answer(500, error) : answer(200, EXITED);
        }

        @Override
        public void close() {}
    }

    @Test
    void anInspectWhileTheProcessExitsIsAskedAgain() {
        Podman podman = new Podman(2, EXITING);
        try (Engine engine = podman.engine()) {
            ContainerState state = engine.state("c1");
            assertThat(state.running()).isFalse();
            assertThat(state.exitCode()).isZero();
        }
        assertThat(podman.inspects).hasValue(3);
    }

    @Test
    void itIsNotAskedForEver() {
        Podman podman = new Podman(100, EXITING);
        try (Engine engine = podman.engine()) {
            assertThatThrownBy(() -> engine.state("c1")).isInstanceOf(DockerException.class);
        }
        assertThat(podman.inspects).hasValue(5);
    }

    @Test
    void anotherServerErrorIsNotRetried() {
        Podman podman = new Podman(1, "{\"cause\":\"boom\",\"message\":\"storage is broken\",\"response\":500}");
        try (Engine engine = podman.engine()) {
            assertThatThrownBy(() -> engine.state("c1"))
                    .isInstanceOf(DockerException.class)
                    .hasMessageContaining("storage is broken");
        }
        assertThat(podman.inspects).hasValue(1);
    }

    private static DockerHttpClient.Response answer(int status, String body) {
        return new DockerHttpClient.Response() {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            public Map<String, List<String>> getHeaders() {
                return Map.of("Content-Type", List.of("application/json"));
            }

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {}
        };
    }
}
