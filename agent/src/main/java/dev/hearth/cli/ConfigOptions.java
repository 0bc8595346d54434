package dev.hearth.cli;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --state-dir}, taken by every command that reads agent.yaml. */
public final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Agent configuration (YAML). Default: /etc/hearth/agent.yaml when it exists, else built-in defaults.")
    Path configFile;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Overrides state_dir from the configuration (markers, signal outbox, hook working dirs), "
                    + "so that several agents can run side by side.")
    Path stateDir;

    /** Loads the configuration; a missing default file means defaults, a missing named file is an error. */
    public AgentConfig load() {
        boolean named = configFile != null;
        AgentConfig config = new ConfigLoader().load(named ? configFile : AgentConfig.DEFAULT_CONFIG_FILE, named);
        return stateDir != null ? config.withStateDir(stateDir.toAbsolutePath()) : config;
    }

    public Path configFileOrDefault() {
        return configFile != null ? configFile : AgentConfig.DEFAULT_CONFIG_FILE;
    }
}
