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
import java.util.List;
import java.util.stream.Stream;

/**
 * The training runs for the class-data caches that {@code bin/hearth-aot} makes at package time, one per
 * cache, so that the classes a command loads are found ready-made when an operator or a heat-config hook
 * starts it: {@code status} (the deployment list from an agent, and a refused connection), {@code hook}
 * (one script deployment), or {@code other}: {@code config check} (the unit's ExecStartPre),
 * {@code version} and help. One cache per short command because the JVM maps and loads every class of a
 * cache at start: a cache of everything made each command pay for the others' classes.
 * Arguments: the rehearsal and the agent.yaml to read (the packaged default).
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
        if (args.length != 2 || !List.of("status", "hook", "other").contains(args[0])) {
            System.err.println("usage: StartupRehearsal status|hook|other AGENT_YAML");
            System.exit(ExitCodes.BAD_INPUT);
        }
        String rehearsal = args[0];
        String config = args[1];
        Path state = Files.createTempDirectory("hearth-rehearsal");
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        // The commands' own output is of no interest here; what they load is.
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(quiet);
        System.setErr(quiet);
        int result = ExitCodes.OK;
        try {
            // The packaged agent.yaml sets every key; a node's file that leaves keys out takes their
            // defaults, and those load classes of their own (a missing class makes the JVM open the jar).
            String minimal =
                    Files.writeString(state.resolve("minimal.yaml"), "{}\n").toString();
            switch (rehearsal) {
                case "hook" -> {
                    for (String c : List.of(config, minimal)) {
                        System.setIn(new ByteArrayInputStream(SCRIPT_DEPLOYMENT.getBytes(StandardCharsets.UTF_8)));
                        int code = Main.run("hook", "script", "--config", c, "--state-dir", state.toString());
                        if (code != ExitCodes.OK) result = code;
                    }
                }
                case "status" -> {
                    Path token = Files.writeString(state.resolve("token"), "rehearsal");
                    try (RehearsalAgent agent = new RehearsalAgent()) {
                        for (String c : List.of(config, minimal)) {
                            int code = Main.run(
                                    "status", "--config", c, "--url", agent.url(), "--token-file", token.toString());
                            if (code != ExitCodes.OK) result = code;
                        }
                    }
                    // Nothing listens on port 1: the client's path to a refused connection and its message,
                    // with the agent's address taken from http.listen as on a node.
                    String refused = Files.writeString(state.resolve("refused.yaml"), "http:\n  listen: 127.0.0.1:1\n")
                            .toString();
                    Main.run("status", "--config", refused);
                    Main.run("status", "--help");
                }
                default -> {
                    Main.run("config", "check", "--config", minimal);
                    Main.run("config", "check", "--config", config);
                    Main.run("version");
                    Main.run("--help");
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (result != ExitCodes.OK) {
            System.err.println("StartupRehearsal: " + rehearsal + " exited " + result);
            System.exit(1);
        }
    }
}
