package dev.hearth.puppet;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where the host puppet hook finds puppet and puts its files. Defaults match heat-agents'
 * {@code hook-puppet.py}; each has the same environment override.
 *
 * @param command       how to run puppet ({@code HEAT_PUPPET_CMD}, default {@code puppet}); split on blanks
 * @param hieraDataDir  where {@code heat_config_<name>.json} goes with {@code enable_hiera}
 *                      ({@code HEAT_PUPPET_HIERA_DATADIR}, default {@code /etc/puppet/hieradata})
 * @param logDir        where {@code <time>-<id>-stdout.log} / {@code -stderr.log} are kept
 *                      ({@code HEAT_PUPPET_LOGDIR}, default {@code /var/run/heat-config/deployed}); null: none
 * @param debugLogDir   where {@code enable_debug} / {@code enable_verbose} send their extra log
 *                      ({@code heat-debug.log}, {@code heat-verbose.log}; default {@code /var/log/puppet})
 * @param extraArgs     arguments put right after {@code apply} (e.g. {@code --hiera_config}, {@code --vardir})
 */
public record PuppetSettings(
        List<String> command, Path hieraDataDir, Path logDir, Path debugLogDir, List<String> extraArgs) {

    public static final Path DEFAULT_HIERA_DATADIR = Path.of("/etc/puppet/hieradata");
    public static final Path DEFAULT_LOG_DIR = Path.of("/var/run/heat-config/deployed");
    public static final Path DEFAULT_DEBUG_LOG_DIR = Path.of("/var/log/puppet");

    public PuppetSettings {
        command = List.copyOf(command);
        if (command.isEmpty()) throw new IllegalArgumentException("puppet command is empty");
        extraArgs = List.copyOf(extraArgs);
    }

    public static PuppetSettings defaults() {
        return fromEnvironment(Map.of());
    }

    /** The defaults with heat-agents' environment overrides applied. */
    public static PuppetSettings fromEnvironment(Map<String, String> env) {
        String cmd = env.getOrDefault("HEAT_PUPPET_CMD", "puppet");
        return new PuppetSettings(
                Arrays.stream(cmd.trim().split("\\s+")).toList(),
                Path.of(env.getOrDefault("HEAT_PUPPET_HIERA_DATADIR", DEFAULT_HIERA_DATADIR.toString())),
                Path.of(env.getOrDefault("HEAT_PUPPET_LOGDIR", DEFAULT_LOG_DIR.toString())),
                DEFAULT_DEBUG_LOG_DIR,
                List.of());
    }

    public PuppetSettings withExtraArgs(List<String> args) {
        return new PuppetSettings(command, hieraDataDir, logDir, debugLogDir, args);
    }
}
