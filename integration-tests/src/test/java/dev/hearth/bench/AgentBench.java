package dev.hearth.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.it.HearthProcess;
import dev.hearth.json.Json;
import dev.hearth.testing.FakeControlPlane;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Measures the real `hearth agent` process (the packaged jar through bin/hearth) against the
 * loopback control plane and prints, in one run:
 * <ul>
 *   <li>per collector: agent start to first poll, requests to the control plane per idle poll, idle RSS;</li>
 *   <li>push accepted (202) to hook start, p50 and p99;</li>
 *   <li>concurrent push + status load for a bounded time: requests/s, p99, errors, RSS before and after.</li>
 * </ul>
 * Run with {@code bin/bench agent}.
 */
public final class AgentBench {
    private static final String TOKEN = "bench-token-0123456789";

    public static void main(String[] args) throws Exception {
        int loadSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("hearth-bench");
        try (FakeControlPlane plane = FakeControlPlane.start()) {
            idlePolls(plane, dir);
            pushLatencyAndLoad(dir, loadSeconds);
        }
    }

    private static void idlePolls(FakeControlPlane plane, Path dir) throws Exception {
        ObjectNode md = Json.object();
        md.putArray("deployments");
        plane.heatMetadata(FakeControlPlane.STACK_ID, "server1", md);
        plane.cfnMetadata("mystack", "server1", md);
        plane.putObject("md/server1", Json.write(md));
        Map<String, String> collectors = Map.of(
                "heat",
                        """
                        collectors: [heat]
                        heat: {auth_url: %s, user_id: %s, password: "%s", project_id: %s, stack_id: %s, resource_name: server1}
                        """.formatted(
                                        plane.authUrl(),
                                        FakeControlPlane.USER_ID,
                                        FakeControlPlane.PASSWORD,
                                        FakeControlPlane.PROJECT_ID,
                                        FakeControlPlane.STACK_ID),
                "cfn", """
                        collectors: [cfn]
                        cfn: {metadata_url: %s, access_key_id: %s, secret_access_key: %s, stack_name: mystack, path: [server1.Metadata]}
                        """.formatted(plane.cfnMetadataUrl(), FakeControlPlane.ACCESS_KEY, FakeControlPlane.SECRET_KEY),
                "request", """
                        collectors: [request]
                        request: {metadata_url: "%s"}
                        """.formatted(plane.tempUrl("GET", "md/server1")),
                "zaqar",
                        """
                        collectors: [zaqar]
                        zaqar: {auth_url: %s, user_id: %s, password: "%s", project_id: %s, queue_id: bench-queue}
                        """.formatted(
                                        plane.authUrl(),
                                        FakeControlPlane.USER_ID,
                                        FakeControlPlane.PASSWORD,
                                        FakeControlPlane.PROJECT_ID));
        System.out.println("Idle polling (polling.min_interval 1s, max_interval 2s; each collector alone)");
        System.out.printf(
                "%-9s %22s %26s %14s%n", "collector", "start to first poll", "requests per idle poll", "idle RSS");
        for (String name : List.of("heat", "cfn", "request", "zaqar")) {
            if (name.equals("zaqar")) plane.postToQueue("bench-queue", md);
            Path d = Files.createDirectories(dir.resolve("idle-" + name));
            Path config = d.resolve("agent.yaml");
            Files.writeString(config, collectors.get(name) + """
                    polling: {min_interval: 1s, max_interval: 2s}
                    http: {listen: ""}
                    heat_config_deployed_dir: %s
                    """.formatted(d.resolve("none")));
            plane.clearRequests();
            Predicate<FakeControlPlane.Recorded> poll = switch (name) {
                case "heat" -> r -> r.path().endsWith("/resources/server1/metadata");
                case "cfn" -> r -> "DescribeStackResource".equals(r.params().get("Action"));
                case "request" -> r -> r.path().endsWith("/md/server1");
                default -> r -> r.path().contains("/queues/bench-queue/messages");
            };
            long t0 = System.nanoTime();
            try (HearthProcess agent = HearthProcess.start(
                    d,
                    Map.of(),
                    "agent",
                    "--config",
                    config.toString(),
                    "--state-dir",
                    d.resolve("state").toString())) {
                while (plane.requests(poll).isEmpty()) {
                    if (System.nanoTime() - t0 > 60_000_000_000L)
                        throw new IllegalStateException(name + ": no poll in 60 s\n" + agent.stderr());
                    Thread.sleep(5);
                }
                double firstPollMs = (System.nanoTime() - t0) / 1e6;
                Thread.sleep(2500); // first poll done, token issued, caches warm
                int polls0 = plane.requests(poll).size();
                int all0 = plane.requests().size();
                Thread.sleep(8000);
                int polls = plane.requests(poll).size() - polls0;
                int all = plane.requests().size() - all0;
                long rss = rssKiB(agent.pid());
                System.out.printf(
                        "%-9s %19.0f ms %26s %10d MiB%n",
                        name,
                        firstPollMs,
                        polls == 0 ? "n/a" : String.format("%.2f (%d polls)", (double) all / polls, polls),
                        rss / 1024);
                agent.terminate(Duration.ofSeconds(30));
            }
        }
    }

    private static void pushLatencyAndLoad(Path dir, int loadSeconds) throws Exception {
        Path d = Files.createDirectories(dir.resolve("push"));
        Path token = d.resolve("token");
        Files.writeString(token, TOKEN);
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = d.resolve("agent.yaml");
        Files.writeString(config, """
                http: {listen: "127.0.0.1:%d", token_file: %s}
                heat_config_deployed_dir: %s
                """.formatted(port, token, d.resolve("none")));
        Path starts = Files.createDirectories(d.resolve("starts"));
        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        URI base = URI.create("http://127.0.0.1:" + port);
        try (HearthProcess agent = HearthProcess.start(
                d,
                Map.of(),
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                d.resolve("state").toString())) {
            long deadline = System.nanoTime() + 60_000_000_000L;
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
            // Push -> hook start: each push carries one script deployment that records when it started.
            int pushes = 60;
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < pushes + 10; i++) {
                String id = "lat-" + i;
                Path mark = starts.resolve(id);
                ObjectNode doc = Json.object();
                ObjectNode dep = doc.putArray("deployments").addObject();
                dep.put("id", id).put("group", "script").put("config", "#!/bin/sh\ndate +%s%N > " + mark + "\n");
                long sent = System.currentTimeMillis() * 1_000_000L;
                long t = System.nanoTime();
                HttpResponse<String> r = http.send(post(base, doc), HttpResponse.BodyHandlers.ofString());
                long acceptedNanos = sent + (System.nanoTime() - t);
                if (r.statusCode() != 202)
                    throw new IllegalStateException("push answered " + r.statusCode() + ": " + r.body());
                while (!Files.exists(mark) || Files.size(mark) == 0) Thread.sleep(1);
                long started = Long.parseLong(Files.readString(mark).trim());
                if (i >= 10) latencies.add((started - acceptedNanos) / 1e6); // first 10 warm the JIT
            }
            Collections.sort(latencies);
            System.out.println();
            System.out.printf(
                    "Push accepted (202) to hook start, %d pushes: p50 %.1f ms, p99 %.1f ms (the hook start is the "
                            + "script's first instruction, so this includes fork/exec of /bin/sh)%n",
                    pushes,
                    latencies.get(latencies.size() / 2),
                    latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1));

            // Load: pushes of already-known documents and status reads, concurrently, for a bounded time.
            long rssBefore = rssKiB(agent.pid());
            ObjectNode known = Json.object();
            known.putArray("deployments")
                    .addObject()
                    .put("id", "lat-0")
                    .put("group", "script")
                    .put("config", "x");
            int clients = 16;
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
            long end = System.nanoTime() + loadSeconds * 1_000_000_000L;
            long loadStart = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                boolean pusher = c % 2 == 0;
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        try {
                            HttpRequest req = pusher
                                    ? post(base, known)
                                    : HttpRequest.newBuilder(base.resolve("/v1/deployments"))
                                            .header("Authorization", "Bearer " + TOKEN)
                                            .build();
                            int code = http.send(req, HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                            if (code == 202 || code == 200) ok.incrementAndGet();
                            else errors.incrementAndGet();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        times.add(System.nanoTime() - t);
                    }
                }));
            }
            for (Thread t : threads) t.join();
            double seconds = (System.nanoTime() - loadStart) / 1e9;
            List<Long> sorted = new ArrayList<>(times);
            Collections.sort(sorted);
            long rssAfter = rssKiB(agent.pid());
            System.out.printf(
                    "Load (%d clients, half pushing known documents, half reading status, %d s on loopback): "
                            + "%.0f requests/s, p50 %.1f ms, p99 %.1f ms, errors %d; agent RSS %d MiB before, %d MiB after%n",
                    clients,
                    loadSeconds,
                    ok.get() / seconds,
                    sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6,
                    errors.get(),
                    rssBefore / 1024,
                    rssAfter / 1024);
            agent.terminate(Duration.ofSeconds(60));
        }
    }

    private static HttpRequest post(URI base, ObjectNode doc) {
        return HttpRequest.newBuilder(base.resolve("/v1/metadata"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(doc)))
                .build();
    }

    private static long rssKiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }
}
