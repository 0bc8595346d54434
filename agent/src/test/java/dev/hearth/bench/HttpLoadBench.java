package dev.hearth.bench;

import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentState;
import dev.hearth.deploy.SignalStatus;
import dev.hearth.http.AgentHttpServer;
import dev.hearth.http.BearerAuth;
import dev.hearth.http.HttpServerSettings;
import dev.hearth.http.ListenAddress;
import dev.hearth.http.ReadinessCheck;
import dev.hearth.http.RecordingSink;
import dev.hearth.http.StubQueries;
import dev.hearth.metrics.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load benchmark of the HTTP server (a program, not a test): the real {@link AgentHttpServer} on
 * loopback with bearer auth, a stub sink and a 50-deployment status list; for a bounded time half
 * the clients push metadata documents and half poll {@code GET /v1/deployments}, over a JDK
 * HttpClient connection pool. Prints requests per second, p50/p99 latency per kind, errors (must
 * be 0; exit status 1 otherwise) and the process's resident memory before and after. Server and
 * clients share the JVM, so the RSS is an upper bound for the server.
 *
 * <pre>
 * cd /work/wt-http
 * mvn -B -q -o test-compile dependency:build-classpath -pl agent -am -Dmdep.outputFile=/tmp/hearth-cp.txt
 * java -XX:+UseSerialGC -Xmx128m -cp agent/target/test-classes:agent/target/classes:$(cat /tmp/hearth-cp.txt) \
 *      dev.hearth.bench.HttpLoadBench --seconds 10 --clients 16
 * </pre>
 */
public final class HttpLoadBench {
    private static final String TOKEN = "bench-token-0123456789abcdef";

    /** One client's latencies (nanoseconds, growing as needed) and errors; touched by its thread only until joined. */
    private static final class Worker {
        long[] latencies = new long[4096];
        int count;
        final AtomicLong errors = new AtomicLong();

        void add(long nanos) {
            if (count == latencies.length) latencies = java.util.Arrays.copyOf(latencies, count * 2);
            latencies[count++] = nanos;
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = BenchSupport.args(argv);
        Duration duration = Duration.ofSeconds(Long.parseLong(args.getOrDefault("seconds", "10")));
        int clients = Integer.parseInt(args.getOrDefault("clients", "16"));
        Duration warmup = Duration.ofSeconds(Long.parseLong(args.getOrDefault("warmup", "3")));
        BenchSupport.quietLogs();

        Path token = Files.createTempFile(
                "hearth-bench",
                ".token",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(token, TOKEN);
        RecordingSink sink = new RecordingSink(
                d -> List.of(d.path("deployments").get(0).path("id").asText()));
        try (Metrics metrics = new Metrics();
                AgentHttpServer server = new AgentHttpServer(
                        new HttpServerSettings(
                                new ListenAddress("127.0.0.1", 0), BearerAuth.fromFile(token), null, 16 << 20),
                        sink,
                        statusList(50),
                        metrics.registry(),
                        () -> List.of(ReadinessCheck.ok("bench")))) {
            server.start();
            URI base = server.baseUri();
            System.out.printf(
                    "hearth HTTP load: %d clients (%d pushing, %d polling status) for %s after a %s warm-up, %s%n",
                    clients, clients / 2, clients - clients / 2, duration, warmup, base);
            String rssBefore = BenchSupport.rss();

            try (HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build()) {
                run(client, base, clients, warmup, null); // JIT, connection pool
                sink.calls.clear();
                Worker[] workers = new Worker[clients];
                long start = System.nanoTime();
                run(client, base, clients, duration, workers);
                double seconds = (System.nanoTime() - start) / 1e9;

                long errors = 0;
                List<long[]> push = new ArrayList<>(), poll = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    errors += workers[i].errors.get();
                    (i % 2 == 0 ? push : poll).add(BenchSupport.sorted(workers[i].latencies, workers[i].count));
                }
                long[] pushAll = merge(push), pollAll = merge(poll), all = merge(List.of(pushAll, pollAll));
                System.out.printf(
                        "requests: %d in %.1f s = %.0f requests/s (push %d, status %d)%n",
                        all.length, seconds, all.length / seconds, pushAll.length, pollAll.length);
                System.out.printf(
                        "latency all:    p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                        BenchSupport.percentileMs(all, 50),
                        BenchSupport.percentileMs(all, 99),
                        BenchSupport.percentileMs(all, 100));
                System.out.printf(
                        "latency push:   p50 %.2f ms  p99 %.2f ms%n",
                        BenchSupport.percentileMs(pushAll, 50), BenchSupport.percentileMs(pushAll, 99));
                System.out.printf(
                        "latency status: p50 %.2f ms  p99 %.2f ms%n",
                        BenchSupport.percentileMs(pollAll, 50), BenchSupport.percentileMs(pollAll, 99));
                System.out.printf("sink calls: %d (pushes answered 202: %d)%n", sink.calls.size(), pushAll.length);
                System.out.printf("errors: %d%n", errors);
                System.out.printf("RSS before: %s%nRSS after:  %s%n", rssBefore, BenchSupport.rss());
                if (errors > 0 || sink.calls.size() != pushAll.length) System.exit(1);
            }
        } finally {
            Files.deleteIfExists(token);
        }
    }

    /** Runs the clients for {@code time}; {@code workers} (when given) receive each client's latencies. */
    private static void run(HttpClient client, URI base, int clients, Duration time, Worker[] workers)
            throws Exception {
        long end = System.nanoTime() + time.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        AtomicLong ids = new AtomicLong();
        for (int c = 0; c < clients; c++) {
            boolean pusher = c % 2 == 0;
            Worker w = new Worker();
            if (workers != null) workers[c] = w;
            Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        HttpRequest request = pusher ? push(base, ids.incrementAndGet()) : status(base);
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != (pusher ? 202 : 200)) w.errors.incrementAndGet();
                        } catch (Exception e) {
                            w.errors.incrementAndGet();
                        }
                        w.add(System.nanoTime() - t0);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    private static HttpRequest push(URI base, long n) {
        String id = "bench-" + n;
        String doc = """
                {"deployments": [{"id": "%s", "group": "script", "name": "BenchDeployment_%d", "config": "echo hi",
                  "inputs": [{"name": "deploy_server_id", "value": "srv"}, {"name": "deploy_action", "value": "CREATE"},
                             {"name": "deploy_signal_transport", "value": "NO_SIGNAL"}],
                  "options": {}, "outputs": []}]}""".formatted(id, n);
        return HttpRequest.newBuilder(base.resolve("/v1/metadata"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(doc))
                .build();
    }

    private static HttpRequest status(URI base) {
        return HttpRequest.newBuilder(base.resolve("/v1/deployments"))
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build();
    }

    private static StubQueries statusList(int n) {
        Instant t = Instant.parse("2026-05-01T10:00:00Z");
        List<DeploymentRecord> list = new ArrayList<>();
        for (int i = n; i > 0; i--) {
            list.add(new DeploymentRecord(
                    "0f1e2d3c-0000-4000-8000-" + String.format("%012d", i),
                    "ControllerDeployment_Step" + i,
                    i % 3 == 0 ? "docker-cmd" : "script",
                    "CREATE",
                    "poll",
                    DeploymentState.SUCCEEDED,
                    t.plusSeconds(i * 60L),
                    t.plusSeconds(i * 60L + 1),
                    t.plusSeconds(i * 60L + 30),
                    0,
                    null,
                    "x".repeat(400),
                    "",
                    new SignalStatus("TEMP_URL_SIGNAL", SignalStatus.DELIVERED, 1, null, t.plusSeconds(i * 60L + 31))));
        }
        return new StubQueries(list);
    }

    private static long[] merge(List<long[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        long[] all = new long[n];
        int i = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        java.util.Arrays.sort(all);
        return all;
    }

    private HttpLoadBench() {}
}
