package dev.hearth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hearth} command. */
@Command(name = "hearth",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        subcommands = {
                AgentCommand.class,
                ApplyCommand.class,
                DeployCommand.class,
                UpdateCommand.class,
                UpgradeCommand.class,
                CollectCommand.class,
                ConfigureCommand.class,
                MigrateCommand.class,
                ConfigCommand.class,
                HookCommand.class,
                StatusCommand.class,
                PushCommand.class,
                PlanCommand.class,
                ContainersCommand.class,
                BenchCommand.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class,
        },
        description = {
                "Hearth makes this node match the software deployments a control plane (OpenStack Heat, or "
                        + "anything that speaks the same metadata) says it should run, and reports how that went.",
                "",
                "It collects metadata by polling (the os-collect-config collectors) or by having it pushed, runs "
                        + "each new deployment through the hook its group names (script, docker-cmd, puppet, "
                        + "json-file, ansible, or an executable heat-agents hook), and signals the result back "
                        + "over the deployment's transport.",
        },
        footer = {"", "Run 'hearth COMMAND --help' for the options of a command."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        dev.hearth.logging.JournalStream.configureLogging();
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("hearth " + line.getCommandName() + ": " + dev.hearth.secret.Secrets.maskPatterns(
                    String.valueOf(ex.getMessage())));
            return ExitCodes.BAD_INPUT;
        });
        return cli.execute(args);
    }
}
