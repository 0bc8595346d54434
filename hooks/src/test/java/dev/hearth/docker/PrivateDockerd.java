package dev.hearth.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A dockerd of the test's own, in its own network namespace (so it never touches the host's
 * docker0) with its own data root, socket and containerd namespace: it can be restarted without
 * disturbing anyone else's containers. Needs root, {@code ip} and {@code dockerd}.
 */
final class PrivateDockerd implements AutoCloseable {
    final String id = UUID.randomUUID().toString().substring(0, 8);
    final String netns = "hearth-it-" + id;
    final Path dataRoot = Path.of("/var/lib/hearth-it-" + id);
    final Path execRoot = Path.of("/run/hearth-it-" + id);
    final String host = "unix:///run/hearth-it-" + id + ".sock";
    private Process daemon;

    PrivateDockerd() throws Exception {
        run("ip", "netns", "add", netns);
        run("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
        Files.createDirectories(dataRoot);
        Files.createDirectories(execRoot);
        try {
            start();
            // the test image, from the host's daemon
            run("sh", "-c", "docker save " + DockerFixture.IMAGE + " | docker -H " + host + " load");
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    void start() throws Exception {
        Path log = execRoot.resolve("dockerd.log");
        // nsenter, not "ip netns exec": the latter remounts /sys and hides the cgroup mounts dockerd needs
        daemon = new ProcessBuilder(
                        "nsenter",
                        "--net=/run/netns/" + netns,
                        "dockerd",
                        "--host",
                        host,
                        "--data-root",
                        dataRoot.toString(),
                        "--exec-root",
                        execRoot.toString(),
                        "--pidfile",
                        execRoot.resolve("dockerd.pid").toString(),
                        "--containerd-namespace",
                        netns,
                        "--containerd-plugins-namespace",
                        netns + "-plugins",
                        "--iptables=false",
                        "--ip-masq=false")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (new ProcessBuilder("docker", "-H", host, "info")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    == 0) {
                return;
            }
            if (!daemon.isAlive()) break;
            Thread.sleep(200);
        }
        throw new AssertionError("private dockerd did not start: "
                + String.join(
                        "\n",
                        Files.readAllLines(log).stream()
                                .skip(Math.max(0, Files.readAllLines(log).size() - 20))
                                .toList()));
    }

    /** SIGTERM, wait for it to exit (it stops its containers), start again. */
    void restart() throws Exception {
        stop();
        start();
    }

    void stop() throws InterruptedException {
        if (daemon == null) return;
        // nsenter replaces itself with dockerd (execvp): this pid is dockerd's
        daemon.toHandle().destroy();
        if (!daemon.waitFor(60, TimeUnit.SECONDS)) daemon.toHandle().destroyForcibly();
        daemon.waitFor();
        daemon = null;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            new ProcessBuilder("ip", "netns", "del", netns).start().waitFor();
            new ProcessBuilder("rm", "-rf", dataRoot.toString(), execRoot.toString())
                    .start()
                    .waitFor();
            Files.deleteIfExists(Path.of(host.substring("unix://".length())));
        }
    }

    List<String> describe() {
        return List.of(netns, dataRoot.toString(), host);
    }
}
