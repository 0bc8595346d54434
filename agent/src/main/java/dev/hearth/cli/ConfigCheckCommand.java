package dev.hearth.cli;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import dev.hearth.net.ControlPlaneClients;
import dev.hearth.net.ControlPlaneHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hearth config check}: agent.yaml validated exactly as the agent validates it at start and on SIGHUP. */
@Command(
        name = "check",
        description = {
            "Validate agent.yaml as the agent would at start or on SIGHUP, and say whether it is valid.",
            "",
            "Unknown keys, wrong types and invalid values are refused with the key's path. The systemd unit "
                    + "runs this before starting the agent and before each reload, so that 'systemctl reload "
                    + "hearth-agent' of a broken file fails visibly and the running agent keeps its "
                    + "configuration."
        },
        footer = {"", "Exit status: 0 valid, 2 invalid (or a --config FILE that does not exist)."})
public final class ConfigCheckCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The file to check. Default: /etc/hearth/agent.yaml when it exists, else built-in defaults.")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean named = configFile != null;
        Path file = named ? configFile : AgentConfig.DEFAULT_CONFIG_FILE;
        try {
            AgentConfig config = new dev.hearth.config.ConfigLoader().load(file, named);
            // The agent reads the services' CA files (ca_certificate) when it starts: one it would refuse
            // fails the check too. The clients are made, not used: none connects.
            ControlPlaneClients.from(config, ControlPlaneHttp.create());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("hearth config check: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        spec.commandLine()
                .getOut()
                .println(
                        Files.exists(file)
                                ? file + ": valid"
                                : file + ": no such file; the agent would run with built-in defaults");
        return ExitCodes.OK;
    }
}
