package dev.hearth.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the docker-cmd hook talks to dockerd and converges containers. {@code dockerHost} null means
 * {@code DOCKER_HOST} from the agent's environment, else {@code unix:///var/run/docker.sock}.
 */
public record DockerHookSettings(
        String dockerHost,
        int parallelism,
        boolean waitHealthy,
        Duration healthyTimeout,
        Duration callTimeout,
        Duration pullTimeout,
        int pullAttempts,
        Duration pullBackoffCap,
        Duration daemonRetryWindow,
        int stopTimeoutSeconds,
        boolean repairDrift,
        String managedBy,
        Path configDataPrefix,
        UnitSettings units) {

    public static final String DEFAULT_HOST = DockerEndpoint.LOCAL_SOCKET;
    public static final String MANAGED_BY = "hearth";
    public static final Path CONFIG_DATA_PREFIX = Path.of("/var/lib/config-data");

    public DockerHookSettings {
        if (parallelism < 1) throw new IllegalArgumentException("docker.parallelism must be at least 1");
        if (pullAttempts < 1) throw new IllegalArgumentException("docker.pull_attempts must be at least 1");
        if (managedBy == null || managedBy.isBlank()) managedBy = MANAGED_BY;
        if (configDataPrefix == null) configDataPrefix = CONFIG_DATA_PREFIX;
        if (units == null) units = UnitSettings.defaults();
    }

    /** The settings before container units: those take their defaults. */
    public DockerHookSettings(
            String dockerHost,
            int parallelism,
            boolean waitHealthy,
            Duration healthyTimeout,
            Duration callTimeout,
            Duration pullTimeout,
            int pullAttempts,
            Duration pullBackoffCap,
            Duration daemonRetryWindow,
            int stopTimeoutSeconds,
            boolean repairDrift,
            String managedBy,
            Path configDataPrefix) {
        this(
                dockerHost,
                parallelism,
                waitHealthy,
                healthyTimeout,
                callTimeout,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                daemonRetryWindow,
                stopTimeoutSeconds,
                repairDrift,
                managedBy,
                configDataPrefix,
                null);
    }

    public static DockerHookSettings defaults() {
        return new DockerHookSettings(
                null,
                8,
                false,
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofMinutes(15),
                4,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                10,
                false,
                MANAGED_BY,
                CONFIG_DATA_PREFIX);
    }

    /** The daemon address: the explicit setting, else {@code DOCKER_HOST}, else the local socket. */
    public String resolvedHost(Map<String, String> environment) {
        return DockerEndpoint.resolve(dockerHost, environment).uri();
    }

    public DockerHookSettings withDockerHost(String host) {
        return new DockerHookSettings(
                host,
                parallelism,
                waitHealthy,
                healthyTimeout,
                callTimeout,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                daemonRetryWindow,
                stopTimeoutSeconds,
                repairDrift,
                managedBy,
                configDataPrefix,
                units);
    }

    public DockerHookSettings withCallTimeout(Duration timeout) {
        return new DockerHookSettings(
                dockerHost,
                parallelism,
                waitHealthy,
                healthyTimeout,
                timeout,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                daemonRetryWindow,
                stopTimeoutSeconds,
                repairDrift,
                managedBy,
                configDataPrefix,
                units);
    }

    /**
     * A command line's patience: how long a call may take and how long to wait for an unreachable
     * daemon, instead of the agent's (which rides out a dockerd restart).
     */
    public DockerHookSettings withDaemonWait(Duration call, Duration retryWindow) {
        return new DockerHookSettings(
                dockerHost,
                parallelism,
                waitHealthy,
                healthyTimeout,
                call,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                retryWindow,
                stopTimeoutSeconds,
                repairDrift,
                managedBy,
                configDataPrefix,
                units);
    }

    public DockerHookSettings withParallelism(int n) {
        return new DockerHookSettings(
                dockerHost,
                n,
                waitHealthy,
                healthyTimeout,
                callTimeout,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                daemonRetryWindow,
                stopTimeoutSeconds,
                repairDrift,
                managedBy,
                configDataPrefix,
                units);
    }

    public DockerHookSettings withWaitHealthy(boolean wait, Duration timeout) {
        return new DockerHookSettings(
                dockerHost,
                parallelism,
                wait,
                timeout,
                callTimeout,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                daemonRetryWindow,
                stopTimeoutSeconds,
                repairDrift,
                managedBy,
                configDataPrefix,
                units);
    }

    public DockerHookSettings withPull(int attempts, Duration backoffCap) {
        return new DockerHookSettings(
                dockerHost,
                parallelism,
                waitHealthy,
                healthyTimeout,
                callTimeout,
                pullTimeout,
                attempts,
                backoffCap,
                daemonRetryWindow,
                stopTimeoutSeconds,
                repairDrift,
                managedBy,
                configDataPrefix,
                units);
    }

    public DockerHookSettings withRepairDrift(boolean repair) {
        return new DockerHookSettings(
                dockerHost,
                parallelism,
                waitHealthy,
                healthyTimeout,
                callTimeout,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                daemonRetryWindow,
                stopTimeoutSeconds,
                repair,
                managedBy,
                configDataPrefix,
                units);
    }

    public DockerHookSettings withConfigDataPrefix(Path prefix) {
        return new DockerHookSettings(
                dockerHost,
                parallelism,
                waitHealthy,
                healthyTimeout,
                callTimeout,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                daemonRetryWindow,
                stopTimeoutSeconds,
                repairDrift,
                managedBy,
                prefix,
                units);
    }

    public DockerHookSettings withStopTimeoutSeconds(int seconds) {
        return new DockerHookSettings(
                dockerHost,
                parallelism,
                waitHealthy,
                healthyTimeout,
                callTimeout,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                daemonRetryWindow,
                seconds,
                repairDrift,
                managedBy,
                configDataPrefix,
                units);
    }

    public DockerHookSettings withUnits(UnitSettings u) {
        return new DockerHookSettings(
                dockerHost,
                parallelism,
                waitHealthy,
                healthyTimeout,
                callTimeout,
                pullTimeout,
                pullAttempts,
                pullBackoffCap,
                daemonRetryWindow,
                stopTimeoutSeconds,
                repairDrift,
                managedBy,
                configDataPrefix,
                u);
    }
}
