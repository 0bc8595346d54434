package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real bin/hearth process: exit statuses a script can rely on, and no silent minute when Docker is down. */
class CliProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void hearthAlonePrintsTheUsageAndExitsTwo() throws Exception {
        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), null, WAIT);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("Usage: hearth");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void helpOnACommandThatRefusedItBeforeExitsZero() throws Exception {
        for (String command : new String[] {"containers", "apply", "agent", "hook", "config"}) {
            HearthProcess.Result r = HearthProcess.run(dir, Map.of(), null, WAIT, command, "--help");
            assertThat(r.exitCode()).as(command + ": " + r.stderr()).isZero();
            assertThat(r.stdout()).contains("Usage: hearth " + command);
        }
    }

    @Test
    void anUnexpectedErrorExitsOneAndDebugShowsTheStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Path doc = Files.writeString(dir.resolve("doc.json"), "{\"deployments\": []}");
        Path config = Files.writeString(dir.resolve("agent.yaml"), "");
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "apply",
                "--config",
                config.toString(),
                "--state-dir",
                file.resolve("state").toString(),
                doc.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("hearth apply: unexpected error").doesNotContain("\tat ");
        HearthProcess.Result debug = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "apply",
                "--debug",
                "--config",
                config.toString(),
                "--state-dir",
                file.resolve("state").toString(),
                doc.toString());
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.stderr()).contains("\tat dev.hearth.");
    }

    @Test
    void containersSaysWithinSecondsThatDockerDoesNotAnswerAndWhere() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.yaml"), "");
        String socket = "unix://" + dir.resolve("docker.sock");
        // What is measured is the wait for the daemon, not the launcher's start: on a loaded machine the
        // whole command once took 20 s. So the same command, asked only for its help, is timed just
        // before and taken off.
        long startUp = System.nanoTime();
        HearthProcess.Result help =
                HearthProcess.run(dir, Map.of(), null, WAIT, "containers", "--config", config.toString(), "--help");
        Duration baseline = Duration.ofNanos(System.nanoTime() - startUp);
        assertThat(help.exitCode()).as(help.stderr()).isZero();
        long start = System.nanoTime();
        HearthProcess.Result r = HearthProcess.run(
                dir, Map.of(), null, WAIT, "containers", "--config", config.toString(), "--docker-host", socket);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("hearth containers: the Docker Engine at " + socket + " does not answer");
        assertThat(took.minus(baseline))
                .as("took %s, the launcher alone %s", took, baseline)
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void deployPrintsItsSummaryTableBeforeTheProcessExits() throws Exception {
        Path hiera = dir.resolve("puppet/hieradata");
        Path config = Files.writeString(
                dir.resolve("agent.yaml"),
                String.join(
                        "\n",
                        "state_dir: " + dir.resolve("state"),
                        "config_volumes:",
                        "  puppet_dir: " + dir.resolve("puppet"),
                        "  hiera_dir: " + hiera,
                        "  kolla_dir: " + dir.resolve("kolla"),
                        "node:",
                        "  bootstrap: true",
                        ""));
        Path role = Files.writeString(dir.resolve("role.yaml"), """
                role: flush
                services:
                  - name: settings_only
                    config_settings:
                      flush::value: 1
                """);
        HearthProcess.Result r =
                HearthProcess.run(dir, Map.of(), null, WAIT, "deploy", "--config", config.toString(), role.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(0);
        // The table is the command's last output, written with print (no line end to flush it).
        assertThat(r.stdout()).contains("role flush:").contains("PHASE").contains("step_5");
    }
}
