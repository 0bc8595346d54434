package dev.hearth.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One container of a docker-cmd deployment, parsed and validated. {@code config} is the settings
 * as given (plus the injected {@code TRIPLEO_CONFIG_HASH}); it becomes the {@code config_data} label
 * and is what "changed" is decided on. {@code env} is the resolved environment the Engine gets
 * (env files first, then {@code environment}, bare names looked up in the agent's environment).
 */
public record ContainerSpec(
        String name,
        ObjectNode config,
        Action action,
        int startOrder,
        List<Integer> exitCodes,
        boolean detach,
        String image,
        List<String> command,
        List<String> env,
        EngineOptions options,
        List<String> warnings) {

    public enum Action {
        RUN,
        EXEC
    }

    public ContainerSpec {
        exitCodes = List.copyOf(exitCodes);
        command = List.copyOf(command);
        env = List.copyOf(env);
        warnings = List.copyOf(warnings);
        config = config.deepCopy();
    }

    /** Parses one container's settings; every problem names the container and the key. */
    public static ContainerSpec parse(String name, ObjectNode config, Map<String, String> agentEnvironment) {
        return new SpecParser(name, config, agentEnvironment).parse();
    }

    public boolean isExec() {
        return action == Action.EXEC;
    }

    /** A one-shot: created, started and waited for; its exit code is checked. */
    public boolean isOneShot() {
        return action == Action.RUN && !detach;
    }

    /** For {@code exec}: the {@code container_name} of the container to run in. */
    public Optional<String> execTarget() {
        return isExec() && !command.isEmpty() ? Optional.of(command.getFirst()) : Optional.empty();
    }

    /** Environment names whose values must not be shown (named like a secret). */
    public List<String> secretValues() {
        return env.stream()
                .filter(e ->
                        e.indexOf('=') > 0 && dev.hearth.secret.Secrets.isSecretName(e.substring(0, e.indexOf('='))))
                .map(e -> e.substring(e.indexOf('=') + 1))
                .toList();
    }

    /** Typed Engine API settings (docs/containers.md#keys). Null means "not given". */
    public record EngineOptions(
            boolean remove,
            boolean interactive,
            boolean tty,
            String net,
            String ipc,
            String pid,
            String uts,
            List<UlimitSpec> ulimits,
            HealthcheckSpec healthcheck,
            Boolean privileged,
            String restart,
            String user,
            List<String> groupAdd,
            List<VolumeSpec> volumes,
            List<String> volumesFrom,
            String logTag,
            Integer cpuShares,
            Long memLimit,
            Long memswapLimit,
            Long memSwappiness,
            List<String> securityOpt,
            String stopSignal,
            String hostname,
            List<String> extraHosts,
            String cpusetCpus,
            Integer stopGracePeriod,
            List<String> capAdd,
            List<String> capDrop) {

        public EngineOptions {
            ulimits = List.copyOf(ulimits);
            groupAdd = List.copyOf(groupAdd);
            volumes = List.copyOf(volumes);
            volumesFrom = List.copyOf(volumesFrom);
            securityOpt = List.copyOf(securityOpt);
            extraHosts = List.copyOf(extraHosts);
            capAdd = List.copyOf(capAdd);
            capDrop = List.copyOf(capDrop);
        }
    }

    public record UlimitSpec(String name, long soft, long hard) {}

    /** {@code test} as the Engine wants it ({@code ["CMD-SHELL", "..."]}); durations in nanoseconds. */
    public record HealthcheckSpec(
            List<String> test, Long intervalNanos, Long timeoutNanos, Integer retries, Long startPeriodNanos) {
        public HealthcheckSpec {
            test = List.copyOf(test);
        }
    }

    /** One {@code volumes} item: a bind mount (absolute source), a named volume, or an anonymous volume. */
    public record VolumeSpec(String raw, Kind kind, String source, String target, List<String> options) {
        public enum Kind {
            BIND,
            NAMED,
            ANONYMOUS
        }

        public VolumeSpec {
            options = List.copyOf(options);
        }
    }
}
