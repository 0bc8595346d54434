package dev.hearth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one idle poll of each collector costs the REAL control plane, and how long a stack takes from
 * create to CREATE_COMPLETE with Hearth as the node. Counts the requests in the API servers' own
 * access logs (keystone's uwsgi, heat-api, heat-api-cfn, Swift's proxy, Zaqar) over an idle window,
 * minus the same window without any agent, divided by the polls the agent's metrics counted.
 *
 * <pre>
 *   integration-tests/openstack/setup.sh
 *   mvn -B -o verify -pl integration-tests -am -Pe2e -DskipTests   # packages the agent
 *   java -cp "$(cat integration-tests/target/e2e.classpath)" dev.hearth.e2e.ControlPlaneBench [window-seconds] [poll-seconds]
 * </pre>
 * (run-e2e.sh bench does all of it.) Prints one line per collector and a summary line "BENCH ...".
 */
public final class ControlPlaneBench {
    /** The access logs under $E2E_DIR/log and what one request line looks like in each. */
    private static final Map<String, Pattern> LOGS = Map.of(
            "keystone", Pattern.compile("\\] (GET|POST|HEAD|DELETE|PUT|PATCH) /v3.* => generated "),
            "heat-api", Pattern.compile("eventlet\\.wsgi\\.server .*\"(GET|POST|HEAD|PUT|PATCH|DELETE) "),
            "heat-api-cfn", Pattern.compile("eventlet\\.wsgi\\.server .*\"(GET|POST|HEAD|PUT|PATCH|DELETE) "),
            "swift-proxy", Pattern.compile("^proxy-server: \\S+ \\S+ \\S+ (GET|POST|HEAD|PUT|DELETE) /v1/"),
            "zaqar", Pattern.compile("\"(GET|POST|HEAD|PUT|PATCH|DELETE) /v2/"));

    private static final List<String> ORDER = List.of("keystone", "heat-api", "heat-api-cfn", "swift-proxy", "zaqar");

    private record Transport(String collector, String pollTransport, String signalTransport) {}

    private static final List<Transport> TRANSPORTS = List.of(
            new Transport("heat", "POLL_SERVER_HEAT", "HEAT_SIGNAL"),
            new Transport("cfn", "POLL_SERVER_CFN", "CFN_SIGNAL"),
            new Transport("request", "POLL_TEMP_URL", "TEMP_URL_SIGNAL"),
            new Transport("zaqar", "ZAQAR_MESSAGE", "ZAQAR_SIGNAL"));

    private ControlPlaneBench() {}

    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int interval = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("hearth-bench");
        try (OpenStack os = OpenStack.connect()) {
            Path logs = os.dir().resolve("log");
            Map<String, Long> baseline = countDuring(logs, window);
            System.out.printf("baseline without an agent, %d s: %s%n", window, baseline);
            StringBuilder summary = new StringBuilder("BENCH");
            for (Transport t : TRANSPORTS) {
                OpenStack.Stack s = os.createStack(
                        OpenStack.uniqueName("bench-" + t.collector()),
                        HeatDeploymentE2ETest.template(
                                t.pollTransport(), t.signalTransport(), HeatDeploymentE2ETest.ECHO, ""),
                        Map.of(),
                        10);
                Instant created = Instant.now();
                int port = HeatDeploymentE2ETest.freePort();
                try (Node n = new Node(work.resolve(t.collector()))) {
                    JsonNode md = os.awaitServerMetadata(s, "server", 1, Duration.ofSeconds(90));
                    n.configure(md, """
                            http: {listen: "127.0.0.1:%d"}
                            polling: {min_interval: %ds, max_interval: %ds}
                            """.formatted(port, interval, interval)).start();
                    JsonNode st = os.awaitStack(s, Duration.ofMinutes(3));
                    double toComplete = Duration.between(created, Instant.now()).toMillis() / 1000.0;
                    if (!st.path("stack_status").asText().equals("CREATE_COMPLETE")) {
                        throw new AssertionError(
                                t + ": " + st.path("stack_status").asText() + " "
                                        + st.path("stack_status_reason").asText() + "\n" + n.log());
                    }
                    Thread.sleep(2L * interval * 1000); // the signal and the changed polls are over
                    double polls0 = polls(port, t.collector());
                    double agentReqs0 = counter(port, "hearth_collector_requests_total", t.collector());
                    Map<String, Long> counts = countDuring(logs, window);
                    double polls = polls(port, t.collector()) - polls0;
                    double agentReqs = counter(port, "hearth_collector_requests_total", t.collector()) - agentReqs0;
                    Map<String, String> perPoll = new LinkedHashMap<>();
                    double total = 0;
                    for (String log : ORDER) {
                        double v = Math.max(0, counts.get(log) - baseline.get(log)) / Math.max(1, polls);
                        total += v;
                        if (v > 0) perPoll.put(log, String.format("%.2f", v));
                    }
                    System.out.printf(
                            "%-8s %s/%s: create->CREATE_COMPLETE %.1f s; idle: %.0f polls in %d s, "
                                    + "%.2f control-plane requests per poll %s (agent counted %.2f of its own)%n",
                            t.collector(),
                            t.pollTransport(),
                            t.signalTransport(),
                            toComplete,
                            polls,
                            window,
                            total,
                            perPoll,
                            agentReqs / Math.max(1, polls));
                    summary.append(String.format(
                            " %s: %.2f req/poll, %.1f s to CREATE_COMPLETE;", t.collector(), total, toComplete));
                } finally {
                    os.deleteStacks(List.of(s), Duration.ofSeconds(60));
                }
            }
            System.out.println(summary);
        }
    }

    /** Request lines added to each access log while sleeping {@code seconds}. */
    private static Map<String, Long> countDuring(Path logs, int seconds) throws Exception {
        Map<String, Long> start = new LinkedHashMap<>();
        for (String log : ORDER) start.put(log, size(logs.resolve(log + ".log")));
        Thread.sleep(seconds * 1000L);
        Map<String, Long> out = new LinkedHashMap<>();
        for (String log : ORDER) {
            out.put(log, countLines(logs.resolve(log + ".log"), start.get(log), LOGS.get(log)));
        }
        return out;
    }

    private static long size(Path f) throws IOException {
        return Files.exists(f) ? Files.size(f) : 0;
    }

    private static long countLines(Path f, long from, Pattern p) throws IOException {
        if (!Files.exists(f)) return 0;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long len = raf.length() - from;
            if (len <= 0) return 0;
            byte[] buf = new byte[(int) len];
            raf.seek(from);
            raf.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> p.matcher(l).find())
                    .count();
        }
    }

    private static double polls(int port, String collector) throws Exception {
        return counter(port, "hearth_collector_polls_total", collector);
    }

    /** Sum of a counter's samples whose labels include collector="...". */
    private static double counter(int port, String name, String collector) throws Exception {
        String metrics = HeatDeploymentE2ETest.httpGet("http://127.0.0.1:" + port + "/metrics");
        Matcher m = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("collector=\"" + collector + "\"")) sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }
}
