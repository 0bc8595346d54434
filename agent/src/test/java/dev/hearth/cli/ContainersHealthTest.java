package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.Engine;
import dev.hearth.docker.EngineContainer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code hearth containers} shows health on both engines: dockerd says it in the list's status,
 * podman only on inspection. The containers are made with the docker CLI (test code) on each socket.
 */
@Tag("dockerd")
@Tag("podman")
class ContainersHealthTest {
    private static final String PODMAN = "unix:///run/podman/podman.sock";
    private static final String DOCKERD = "unix:///var/run/docker.sock";
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void healthIsShownOnDockerd() throws Exception {
        assertHealthShown(DOCKERD, false);
    }

    @Test
    void healthIsShownOnPodman() throws Exception {
        // without systemd nothing runs podman's healthchecks: the test runs the check as the unit's timer would
        assertHealthShown(PODMAN, true);
    }

    private void assertHealthShown(String host, boolean runCheck) throws Exception {
        String name = "hc-" + run;
        String label = "managed_by=hearth-health-" + run;
        try {
            cli(
                    "docker",
                    "-H",
                    host,
                    "run",
                    "-d",
                    "--name",
                    name,
                    "--network",
                    "host",
                    "--label",
                    label,
                    "--health-cmd",
                    "true",
                    "--health-interval",
                    "1s",
                    "hearth-test/busybox",
                    "sleep",
                    "120");
            if (runCheck) cli("podman", "healthcheck", "run", name);
            DockerHookSettings settings = DockerHookSettings.defaults().withDockerHost(host);
            try (Engine engine = Engine.connect(settings, Map.of(), new SimpleMeterRegistry())) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    List<EngineContainer> mine = engine.listManaged().stream()
                            .filter(c -> c.name().equals(name))
                            .toList();
                    assertThat(mine).hasSize(1);
                    Map<String, String> health = ContainersCommand.health(engine, mine);
                    assertThat(health).containsValue("healthy");
                    assertThat(ContainersCommand.table(mine, health).render()).contains("healthy");
                });
            }
        } finally {
            cli("docker", "-H", host, "rm", "-f", name);
        }
    }

    private static String cli(String... cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd)))
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        if (!cmd[cmd.length - 3].equals("rm"))
            assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
