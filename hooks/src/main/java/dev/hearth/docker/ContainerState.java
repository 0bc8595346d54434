package dev.hearth.docker;

/**
 * A container's state as the Engine reports it on inspection: whether it runs, its exit code once
 * exited, and its healthcheck status ({@code starting}, {@code "healthy"}, {@code unhealthy}), null
 * when it has no healthcheck.
 */
public record ContainerState(boolean running, Integer exitCode, String health) {
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    public static final String STARTING = "starting";
}
