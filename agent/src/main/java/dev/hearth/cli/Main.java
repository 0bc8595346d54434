package dev.hearth.cli;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hearth} command. */
@Command(
        name = "hearth",
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
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DebugOption debug;

    /** {@code hearth} alone: the usage, and the status of a command line that says nothing to do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * What {@link #main} does short of exiting: the process-wide set-up, then the command. The AOT
     * caches' training ({@link StartupRehearsal}) goes through here too, so that they hold what a real
     * start loads: a class missing from the cache makes the class loader open and index the jar.
     */
    static int run(String... args) {
        // picocli's factory otherwise looks for Groovy's Closure class when first used: a class the jar
        // does not have, so the class loader opened and indexed the whole jar on every command, when all
        // other classes come from the AOT cache (docs/INSTALL.md, "Footprint").
        System.setProperty("picocli.disable.closures", "true");
        warmUpBigDecimal();
        dev.hearth.logging.JournalStream.configureLogging();
        return execute(args);
    }

    /**
     * JDK 25's BigDecimal computes 5^(2^16) in its static initializer, about 20 ms in the interpreter,
     * and Jackson's parser initialises BigDecimal before it reads a first token. Done on the other core
     * while picocli builds the command, a short command's parse no longer waits for it (10-15 ms of
     * `hearth status`'s wall time, docs/INSTALL.md "Footprint").
     */
    private static void warmUpBigDecimal() {
        Thread.ofPlatform().daemon().name("hearth-warm-up").start(() -> BigDecimal.ONE.signum());
    }

    public static int execute(String... args) {
        CommandLine cli = args.length > 0 ? commandLineFor(args[0]) : null;
        if (cli == null) cli = commandLine();
        try {
            return cli.execute(args);
        } finally {
            // picocli's writers flush on println only; main's System.exit would drop a table a
            // command ended with print.
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /**
     * The whole command tree, configured once: -h/--help and -V/--version on every command, and
     * exit statuses mapped in {@link CommandFailures}. Output goes through the tree's
     * {@code getOut()}/{@code getErr()} (a test sets its own writers on the result).
     */
    public static CommandLine commandLine() {
        Main main = new Main();
        return configured(new CommandLine(main), main.debug);
    }

    /**
     * The tree cut to the one command a command line starts with ({@code hearth status ...}), or null
     * when its first word names none of them (an option, {@code help}, a typo: the whole tree answers).
     * picocli reflects over every command of a tree before it parses anything; for a short command that
     * was most of its start, and the other commands' classes pulled in much of the rest of the jar.
     */
    static CommandLine commandLineFor(String first) {
        for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
            if (c == CommandLine.HelpCommand.class) continue;
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(first) || Arrays.asList(command.aliases()).contains(first)) {
                Root root = new Root();
                CommandLine cli = new CommandLine(root);
                cli.addSubcommand(c);
                return configured(cli, root.debug);
            }
        }
        return null;
    }

    /** {@code hearth} with one of its commands: what picocli needs of {@link Main} to run and document one. */
    @Command(name = "hearth", versionProvider = VersionCommand.Provider.class)
    static final class Root {
        @CommandLine.Mixin
        DebugOption debug;
    }

    private static CommandLine configured(CommandLine cli, DebugOption debug) {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        standardHelp(cli);
        cli.setExecutionExceptionHandler(new CommandFailures(debug));
        return cli;
    }

    private static void standardHelp(CommandLine cli) {
        if (cli.getCommandSpec().findOption("--help") == null)
            cli.getCommandSpec().mixinStandardHelpOptions(true);
        cli.getSubcommands().values().forEach(Main::standardHelp);
    }
}
