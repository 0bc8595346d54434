package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What people expect of a command line: help everywhere, usage when nothing is asked, exit statuses that mean one thing. */
class CliConventionsTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run hearth(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Every command path below hearth: "agent", "bench docker", ... */
    static List<List<String>> commands(CommandLine cli, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        cli.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().aliases().length > 0 && !name.equals(sub.getCommandName())) return;
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            all.add(path);
            all.addAll(commands(sub, path));
        });
        return all;
    }

    @Test
    void everyCommandAnswersHelpAndDashHWithItsUsageAndExitsZero() {
        List<List<String>> commands = commands(Main.commandLine(), List.of());
        assertThat(commands).hasSizeGreaterThanOrEqualTo(16);
        for (List<String> command : commands) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command);
                args.add(flag);
                Run r = hearth(args.toArray(String[]::new));
                assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isZero();
                assertThat(r.out()).as(String.join(" ", args)).contains("Usage: hearth " + String.join(" ", command));
                assertThat(r.err()).as(String.join(" ", args)).isEmpty();
            }
        }
    }

    @Test
    void benchCommandsPrintThroughThePicocliStreamsTheCallerGave() {
        Run run = hearth("bench", "docker", "--systemd-units", "sometimes");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--systemd-units");
    }

    /** Every command prints through picocli's getOut/getErr, so a caller (a test, the launcher) gets all of it. */
    @Test
    void noCommandWritesToSystemOutOrErrDirectly() throws Exception {
        List<String> offenders = new ArrayList<>();
        try (var files = Files.list(Path.of("src/main/java/dev/hearth/cli"))) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f);
                if (!text.contains("@Command")) continue; // StartupRehearsal: a plain main for the AOT training run
                if (text.contains("System.out") || text.contains("System.err")) {
                    offenders.add(f.getFileName().toString());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void hearthAloneOrAGroupAlonePrintsTheUsageAndExitsTwo() {
        for (String[] args : List.of(new String[0], new String[] {"bench"}, new String[] {"config"})) {
            Run r = hearth(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains("Usage: hearth");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void anUnknownOptionIsBadInput() {
        Run r = hearth("status", "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void anUnexpectedErrorExitsOneAndShowsItsStackTraceOnlyUnderDebug() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Path doc = Files.writeString(dir.resolve("doc.json"), "{\"deployments\": []}");
        Path config = Files.writeString(dir.resolve("agent.yaml"), "");
        // The state directory cannot be made: not bad input, the machine's problem.
        String[] args = {
            "apply",
            "--config",
            config.toString(),
            "--state-dir",
            file.resolve("state").toString(),
            doc.toString()
        };
        Run r = hearth(args);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("hearth apply: unexpected error: ")
                .contains("(--debug shows where)")
                .doesNotContain("\tat ");

        List<String> debugArgs = new ArrayList<>(List.of(args));
        debugArgs.add(1, "--debug");
        Run debug = hearth(debugArgs.toArray(String[]::new));
        assertThat(debug.exit()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat dev.hearth.");
        // --debug is taken before the command too.
        List<String> before = new ArrayList<>(List.of(args));
        before.addFirst("--debug");
        assertThat(hearth(before.toArray(String[]::new)).err()).contains("\tat dev.hearth.");
    }

    @Test
    void badInputExitsTwoNamingWhere() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.yaml"), "polling: {min_intervall: 1s}\n");
        Path doc = Files.writeString(dir.resolve("doc.json"), "{\"deployments\": []}");
        Run r = hearth("apply", "--config", config.toString(), doc.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("polling.min_intervall").doesNotContain("unexpected");

        Run missing = hearth("deploy", "--config", dir.resolve("nosuch.yaml").toString(), doc.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nosuch.yaml: no such file");
    }

    @Test
    void versionSpeaksJsonToo() {
        Run r = hearth("version", "--json");
        assertThat(r.exit()).isZero();
        var o = dev.hearth.json.Json.parse(r.out());
        assertThat(o.path("version").asText()).isNotBlank();
        assertThat(o.path("java").asText())
                .startsWith(Integer.toString(Runtime.version().feature()));
        assertThat(hearth("version").out()).startsWith("hearth ");
    }

    /** Both real engines (.ci/setup-docker.sh, .ci/setup-podman.sh): the version says which one answers. */
    @Test
    void versionNamesTheEngineDockerOrPodman() {
        var docker = dev.hearth.json.Json.parse(
                        hearth("version", "--json", "--docker-host", dev.hearth.docker.DockerEndpoint.LOCAL_SOCKET)
                                .out())
                .path("engine");
        assertThat(docker.path("name").asText()).isEqualTo("Docker Engine");
        assertThat(docker.path("api_version").asText()).startsWith("1.");
        assertThat(docker.path("endpoint").asText()).isEqualTo("unix:///var/run/docker.sock");

        Run podman = hearth("version", "--docker-host", dev.hearth.docker.DockerEndpoint.PODMAN_SOCKET);
        assertThat(podman.exit()).isZero();
        assertThat(podman.out().lines().toList().get(1))
                .matches("engine: Podman Engine \\d+\\.\\d+\\S* \\(API 1\\.\\d+\\) at unix:///run/podman/podman.sock");
        var json = dev.hearth.json.Json.parse(
                        hearth("version", "--json", "--docker-host", dev.hearth.docker.DockerEndpoint.PODMAN_SOCKET)
                                .out())
                .path("engine");
        assertThat(json.path("name").asText()).isEqualTo("Podman Engine");
        assertThat(json.path("version").asText()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void versionStillAnswersWhenNoEngineDoes() {
        Path none = dir.resolve("none.sock");
        Run r = hearth("version", "--docker-host", "unix://" + none);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("hearth ").contains("engine: unix://" + none + " does not answer");
        var e = dev.hearth.json.Json.parse(hearth("version", "--json", "--docker-host", "unix://" + none)
                        .out())
                .path("engine");
        assertThat(e.path("error").asText()).startsWith("does not answer");
        assertThat(e.has("name")).isFalse();
    }

    @Test
    void theContainersTableMakesRoomForA36CharacterConfigId() {
        String configId = "0f3a7c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b";
        var running = new dev.hearth.docker.EngineContainer(
                "c1",
                "nova_api",
                java.util.Map.of(dev.hearth.docker.Labels.CONFIG_ID, configId),
                "running",
                "Up 2 minutes",
                "hearth-test/busybox",
                "sha256:1",
                1_764_000_000L);
        var exited = new dev.hearth.docker.EngineContainer(
                "c2",
                "keystone_db_sync",
                java.util.Map.of(),
                "exited",
                "Exited (1) 2 minutes ago",
                "hearth-test/busybox",
                "sha256:1",
                1_764_000_000L);
        List<String> lines = ContainersCommand.table(List.of(running, exited))
                .render()
                .lines()
                .toList();
        int state = lines.get(0).indexOf("STATE");
        assertThat(lines.get(1).indexOf("running")).isEqualTo(state);
        assertThat(lines.get(2).indexOf("exited(1)")).isEqualTo(state);
        assertThat(lines.get(1)).contains(configId);
    }
}
