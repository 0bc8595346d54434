package dev.hearth.bench;

import dev.hearth.it.BigDocuments;
import dev.hearth.it.HearthProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real `hearth agent` (bin/hearth, its default heap) taking the largest pushes the limits allow,
 * and what it costs: for a 15 MiB push of 60,000 small deployments, the time to 202 and the agent's
 * peak RSS while it is taken (sampled every 5 ms, and the kernel's high-water mark); then the answers
 * to documents at and over the limits. Run with {@code bin/bench big-push}.
 */
public final class BigPushBench {
    private static final String TOKEN = "bench-token-0123456789";
    private static final long MIB = 1 << 20;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("hearth-bench-big");
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                http: {listen: "127.0.0.1:%d", token_file: %s}
                heat_config_deployed_dir: %s
                """.formatted(port, token, dir.resolve("none")));
        URI base = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        String doc = BigDocuments.smallDeployments(60_000, 15 * MIB);
        try (HearthProcess agent = HearthProcess.start(
                dir,
                Map.of(),
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (http.send(
                                            HttpRequest.newBuilder(base.resolve("/healthz"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) break;
                } catch (java.io.IOException notYet) {
                    if (System.nanoTime() > deadline)
                        throw new IllegalStateException("agent not up\n" + agent.stderr());
                    Thread.sleep(20);
                }
            }
            Thread.sleep(2000);
            long idle = status(agent.pid(), "VmRSS:");
            AtomicLong peak = new AtomicLong(idle);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        peak.accumulateAndGet(status(agent.pid(), "VmRSS:"), Math::max);
                        Thread.sleep(5);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            long t = System.nanoTime();
            HttpResponse<String> r = push(http, base, doc);
            double seconds = (System.nanoTime() - t) / 1e9;
            sampler.interrupt();
            sampler.join();
            long hwm = status(agent.pid(), "VmHWM:");
            System.out.printf(
                    "Push of %d deployments, %.1f MiB (agent heap: bin/hearth's default): HTTP %d in %.1f s%n",
                    60_000, doc.length() / (double) MIB, r.statusCode(), seconds);
            System.out.printf(
                    "Agent RSS: %d MiB idle before, peak %d MiB while it was taken (sampled), high-water mark %d MiB, "
                            + "%d MiB after%n",
                    idle / 1024, peak.get() / 1024, hwm / 1024, status(agent.pid(), "VmRSS:") / 1024);
            System.out.println();
            System.out.println("Documents at and over the limits, pushed to the same agent while it runs the first:");
            answer(http, base, "100,001 tiny deployments", BigDocuments.tinyDeployments(100_001));
            answer(http, base, "700,000 outputs of 4 JSON tokens", BigDocuments.denseOutputs(700_000));
            answer(http, base, "100,000 declared outputs", BigDocuments.declaredOutputs(100_000));
            answer(http, base, "the 60,000 deployments again", doc.replace("\"d-", "\"e-"));
            System.out.printf(
                    "Agent alive afterwards: %s, RSS %d MiB, high-water mark %d MiB%n",
                    agent.isAlive(), status(agent.pid(), "VmRSS:") / 1024, status(agent.pid(), "VmHWM:") / 1024);
            agent.terminate(Duration.ofSeconds(60));
        }
    }

    private static void answer(HttpClient http, URI base, String what, String doc) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = push(http, base, doc);
        String body = r.body().length() > 160 ? r.body().substring(0, 160) + "..." : r.body();
        System.out.printf(
                "  %-34s %5.1f MiB: HTTP %d in %.1f s %s%n",
                what, doc.length() / (double) MIB, r.statusCode(), (System.nanoTime() - t) / 1e9, body);
    }

    private static HttpResponse<String> push(HttpClient http, URI base, String doc) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve("/v1/metadata"))
                        .timeout(Duration.ofMinutes(5))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(doc))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A line of /proc/PID/status in KiB (VmRSS:, VmHWM:). */
    private static long status(long pid, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key)) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }
}
