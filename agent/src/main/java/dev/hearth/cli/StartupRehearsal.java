package dev.hearth.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run for the class-data cache that {@code bin/hearth-aot} makes at package time: the start
 * paths of the short commands ({@code hook}, {@code status}, {@code config check} (the unit's
 * ExecStartPre), {@code version}, help) in one JVM, so that the
 * classes they load are found ready-made when an operator or a heat-config hook starts them.
 * Arguments: the agent.yaml to read (the packaged default).
 */
public final class StartupRehearsal {
    private static final String SCRIPT_DEPLOYMENT = """
            {"id": "aot-rehearsal", "name": "rehearsal", "group": "script", "options": null,
             "inputs": [{"name": "greeting", "value": "hello"}],
             "outputs": [{"name": "result"}],
             "config": "#!/bin/sh\\necho $greeting > $heat_outputs_path.result\\n"}
            """;

    private StartupRehearsal() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: StartupRehearsal AGENT_YAML");
            System.exit(ExitCodes.BAD_INPUT);
        }
        String config = args[0];
        Path state = Files.createTempDirectory("hearth-rehearsal");
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        // The commands' own output is of no interest here; what they load is.
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(quiet);
        System.setErr(quiet);
        int hook;
        try {
            System.setIn(new ByteArrayInputStream(SCRIPT_DEPLOYMENT.getBytes(StandardCharsets.UTF_8)));
            hook = Main.execute("hook", "script", "--config", config, "--state-dir", state.toString());
            // Nothing listens on port 1: the client's whole path up to the connection, and its error message.
            Main.execute("status", "--config", config, "--url", "http://127.0.0.1:1");
            Main.execute("config", "check", "--config", config);
            Main.execute("version");
            Main.execute("--help");
            Main.execute("status", "--help");
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (hook != ExitCodes.OK) {
            System.err.println("StartupRehearsal: the script hook exited " + hook);
            System.exit(1);
        }
    }
}
