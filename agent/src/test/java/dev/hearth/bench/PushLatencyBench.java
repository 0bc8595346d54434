package dev.hearth.bench;

import dev.hearth.http.AgentHttpServer;
import dev.hearth.http.ApiToken;
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
import java.util.List;
import java.util.Map;

/**
 * The floor under "push accepted → hook starting": how long from a client sending
 * {@code POST /v1/metadata} until the server hands the document to the {@code MetadataSink} (the
 * point where the lead's pipeline takes over), and the full round trip to the 202. One client,
 * sequential pushes, loopback, same JVM (one clock). The real push → hook-start latency adds the
 * dispatcher's queueing and the hook's process start on top.
 *
 * <pre>
 * java -XX:+UseSerialGC -Xmx128m -cp agent/target/test-classes:agent/target/classes:$(cat /tmp/hearth-cp.txt) \
 *      dev.hearth.bench.PushLatencyBench --pushes 5000 --warmup 2000
 * </pre>
 */
public final class PushLatencyBench {
    public static void main(String[] argv) throws Exception {
        Map<String, String> args = BenchSupport.args(argv);
        int pushes = Integer.parseInt(args.getOrDefault("pushes", "5000"));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "2000"));
        BenchSupport.quietLogs();

        RecordingSink sink = new RecordingSink();
        Path tokenFile = ApiToken.defaultFile(Files.createTempDirectory("hearth-bench"));
        BearerAuth auth = ApiToken.loadOrCreate(tokenFile);
        String token = Files.readString(tokenFile).strip();
        try (Metrics metrics = new Metrics();
                AgentHttpServer server = new AgentHttpServer(
                        new HttpServerSettings(new ListenAddress("127.0.0.1", 0), auth, null, 16 << 20),
                        sink,
                        new StubQueries(List.of()),
                        metrics.registry(),
                        () -> List.of(ReadinessCheck.ok("bench")));
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            server.start();
            URI uri = server.baseUri().resolve("/v1/metadata");
            long[] toSink = new long[pushes];
            long[] roundTrip = new long[pushes];
            for (int i = -warmup; i < pushes; i++) {
                String doc =
                        "{\"deployments\": [{\"id\": \"p-" + i + "\", \"group\": \"script\", \"config\": \"true\"}]}";
                HttpRequest request = HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(doc))
                        .build();
                int before = sink.calls.size();
                long t0 = System.nanoTime();
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                long t2 = System.nanoTime();
                if (r.statusCode() != 202 || sink.calls.size() != before + 1) {
                    throw new IllegalStateException("push " + i + " answered " + r.statusCode() + ": " + r.body());
                }
                if (i >= 0) {
                    toSink[i] = sink.calls.get(before).nanoTime() - t0;
                    roundTrip[i] = t2 - t0;
                }
            }
            java.util.Arrays.sort(toSink);
            java.util.Arrays.sort(roundTrip);
            System.out.printf(
                    "hearth push latency over %d pushes (after %d warm-up), loopback, one client%n", pushes, warmup);
            System.out.printf(
                    "push sent -> sink called: p50 %.3f ms  p99 %.3f ms  max %.3f ms%n",
                    BenchSupport.percentileMs(toSink, 50),
                    BenchSupport.percentileMs(toSink, 99),
                    BenchSupport.percentileMs(toSink, 100));
            System.out.printf(
                    "push sent -> 202 read:    p50 %.3f ms  p99 %.3f ms  max %.3f ms%n",
                    BenchSupport.percentileMs(roundTrip, 50),
                    BenchSupport.percentileMs(roundTrip, 99),
                    BenchSupport.percentileMs(roundTrip, 100));
        }
    }

    private PushLatencyBench() {}
}
