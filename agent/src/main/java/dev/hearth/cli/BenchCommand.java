package dev.hearth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hearth bench ...}: programs that measure, in one run, and print what they measured. */
@Command(
        name = "bench",
        description = {
            "Measure Hearth against the real programs on this machine and print the numbers.",
            "",
            "docker: cold converge of 50 containers against the docker-java floor, and a no-op re-apply of 100.",
            "config-volumes: 8 config volumes generated with parallelism 1 and with the default.",
            "role: a whole role (the demo) deployed from scratch, then re-run with nothing changed."
        },
        subcommands = {
            BenchDockerCommand.class,
            BenchConfigVolumesCommand.class,
            BenchRoleCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code hearth bench} alone: which benchmark is missing. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }
}
