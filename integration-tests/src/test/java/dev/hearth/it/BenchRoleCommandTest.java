package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hearth bench role` through bin/hearth against the real dockerd: it deploys a role twice and then
 * removes what it created, and only that: a volume of the same {@code bench_} prefix that was there
 * before it stays.
 */
class BenchRoleCommandTest {
    private static final Duration T = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String kept = "bench_" + tag + "_operators";

    @AfterEach
    void removeWhatIsLeft() throws Exception {
        docker("rm", "-f", "bench_" + tag + "_app");
        docker("volume", "rm", "-f", kept, "bench_" + tag + "_data");
    }

    /** The docker CLI, in test code only (main code never uses it); its exit status is returned. */
    private static String docker(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return (p.waitFor() + " " + out.strip()).strip();
    }

    @Test
    void removesTheContainersAndVolumesItCreatedAndNothingElse() throws Exception {
        assertThat(docker("volume", "create", kept)).startsWith("0 ");
        Path role = dir.resolve("role.yaml");
        Files.writeString(role, """
                role: r%1$s
                services:
                  - name: app
                    docker_config:
                      step_1:
                        demo_%1$s_app:
                          image: hearth-test/busybox:latest
                          net: none
                          command: [sleep, "3600"]
                          volumes: ["demo_%1$s_data:/data"]
                """.formatted(tag));

        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), null, T, "bench", "role", role.toString());

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("full deploy from scratch").contains("no-change re-run");
        assertThat(docker("ps", "-aq", "--filter", "name=bench_" + tag)).isEqualTo("0");
        assertThat(docker("volume", "ls", "-q", "--filter", "name=bench_" + tag))
                .as("the volume the run created is gone, the one that was there stays")
                .isEqualTo("0 " + kept);
    }
}
