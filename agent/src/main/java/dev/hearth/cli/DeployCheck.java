package dev.hearth.cli;

import dev.hearth.agent.BuiltinHooks;
import dev.hearth.config.AgentConfig;
import dev.hearth.configvolume.ConfigVolumeHook;
import dev.hearth.docker.DockerCmdHook;
import dev.hearth.hook.HookRegistry;
import dev.hearth.role.MergedRole;
import dev.hearth.role.RoleCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;

/**
 * {@code hearth deploy --check}: wires {@link RoleCheck} to this node's configuration without
 * opening the agent's runtime, which would create the state directory, take its lock and recover
 * interrupted deployments. The markers are only read.
 */
final class DeployCheck {
    private DeployCheck() {}

    static RoleCheck.Report run(
            AgentConfig config, MergedRole role, SortedSet<Integer> steps, boolean bootstrap, boolean force)
            throws IOException, InterruptedException {
        Set<String> ran = markerIds(config.stateDir());
        HookRegistry hooks = BuiltinHooks.create(config, new SimpleMeterRegistry());
        ConfigVolumeHook volumes =
                (ConfigVolumeHook) hooks.find(ConfigVolumeHook.GROUP).orElseThrow();
        Path scratch = Files.createTempDirectory("hearth-check-");
        try (DockerCmdHook docker = BuiltinHooks.docker(hooks)) {
            AgentConfig.ConfigVolumes dirs = config.configVolumes();
            return new RoleCheck(
                            role,
                            ran::contains,
                            docker,
                            volumes,
                            DeployCommand.scripts(config),
                            DeployCommand.firewall(config),
                            BuiltinHooks.configHashes(config),
                            dirs.prefix(),
                            dirs.hieraDir(),
                            scratch)
                    .check(steps, bootstrap, force);
        }
    }

    /** Ids of the deployments with a marker ({@code <state_dir>/deployments/<id>.json}); none when absent. */
    static Set<String> markerIds(Path stateDir) throws IOException {
        Set<String> ids = new HashSet<>();
        Path dir = stateDir.resolve("deployments");
        if (!Files.isDirectory(dir)) return ids;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) ids.add(f.getFileName().toString().replaceFirst("\\.json$", ""));
        }
        return ids;
    }
}
