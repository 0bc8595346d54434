package dev.hearth.docker;

import java.util.Map;

/**
 * Where the container engine listens, resolved in one place: the explicit setting
 * ({@code docker.host}), else {@code $DOCKER_HOST}, else the local socket. An engine of another kind
 * (podman's socket) fits in here as one more fallback.
 */
public record DockerEndpoint(String uri) {
    public static final String LOCAL_SOCKET = "unix:///var/run/docker.sock";

    public DockerEndpoint {
        if (uri == null || uri.isBlank()) throw new IllegalArgumentException("a Docker endpoint needs an address");
    }

    public static DockerEndpoint resolve(String setting, Map<String, String> environment) {
        if (setting != null && !setting.isBlank()) return new DockerEndpoint(setting);
        String env = environment.get("DOCKER_HOST");
        return new DockerEndpoint(env == null || env.isBlank() ? LOCAL_SOCKET : env);
    }

    @Override
    public String toString() { return uri; }
}
