package dev.hearth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hearth config ...}: the agent's configuration file. */
@Command(
        name = "config",
        description = "Work with agent.yaml without starting anything.",
        subcommands = {ConfigCheckCommand.class})
public final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }
}
