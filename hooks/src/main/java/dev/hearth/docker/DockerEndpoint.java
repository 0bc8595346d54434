package dev.hearth.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the container engine listens, resolved in one place: the explicit setting
 * ({@code docker.host}), else {@code $DOCKER_HOST}, else dockerd's socket when it exists, else
 * podman's API socket when it exists. With neither socket present the address is dockerd's, so the
 * error that follows names the usual place (docs/podman.md#which-engine).
 */
public record DockerEndpoint(String uri) {
    public static final String LOCAL_SOCKET = "unix:///var/run/docker.sock";
    public static final String PODMAN_SOCKET = "unix:///run/podman/podman.sock";

    public DockerEndpoint {
        if (uri == null || uri.isBlank()) throw new IllegalArgumentException("a Docker endpoint needs an address");
    }

    public static DockerEndpoint resolve(String setting, Map<String, String> environment) {
        return resolve(setting, environment, Files::exists);
    }

    /** {@link #resolve(String, Map)} with the question "is there a socket at this path" answered by {@code present}. */
    static DockerEndpoint resolve(String setting, Map<String, String> environment, Predicate<Path> present) {
        if (setting != null && !setting.isBlank()) return new DockerEndpoint(setting);
        String env = environment.get("DOCKER_HOST");
        if (env != null && !env.isBlank()) return new DockerEndpoint(env);
        if (present.test(socketPath(LOCAL_SOCKET))) return new DockerEndpoint(LOCAL_SOCKET);
        if (present.test(socketPath(PODMAN_SOCKET))) return new DockerEndpoint(PODMAN_SOCKET);
        return new DockerEndpoint(LOCAL_SOCKET);
    }

    private static Path socketPath(String unixUri) {
        return Path.of(unixUri.substring("unix://".length()));
    }

    @Override
    public String toString() {
        return uri;
    }
}
