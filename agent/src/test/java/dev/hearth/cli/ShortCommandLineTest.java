package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line cut to its first command answers exactly as the whole tree does. */
class ShortCommandLineTest {

    record Run(int exit, String out, String err) {}

    private static Run run(CommandLine cli, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = cli.setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpVersionAndBadOptionsOfEveryCommandAreAnsweredAsByTheWholeTree() {
        List<List<String>> paths = CliConventionsTest.commands(Main.commandLine(), List.of());
        int compared = 0;
        for (List<String> path : paths) {
            if (path.getFirst().equals("help")) continue;
            for (String tail : List.of("--help", "-h", "-V", "--no-such-option", "--debug --help")) {
                List<String> args = new ArrayList<>(path);
                args.addAll(List.of(tail.split(" ")));
                CommandLine cut = Main.commandLineFor(path.getFirst());
                assertThat(cut).as(String.join(" ", path)).isNotNull();
                assertThat(run(cut, args)).as(String.join(" ", args)).isEqualTo(run(Main.commandLine(), args));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(50);
    }

    @Test
    void aliasesAreCutToo_optionsHelpAndUnknownWordsGetTheWholeTree() {
        for (Class<?> c : Main.class.getAnnotation(CommandLine.Command.class).subcommands()) {
            for (String alias : c.getAnnotation(CommandLine.Command.class).aliases()) {
                if (c != CommandLine.HelpCommand.class)
                    assertThat(Main.commandLineFor(alias)).isNotNull();
            }
        }
        assertThat(Main.commandLineFor("help")).isNull();
        assertThat(Main.commandLineFor("--debug")).isNull();
        assertThat(Main.commandLineFor("-V")).isNull();
        assertThat(Main.commandLineFor("stauts")).isNull();
    }
}
