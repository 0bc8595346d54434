package dev.hearth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * What N idle nodes cost the REAL control plane (heat-api, heat-engine, keystone) when they poll it:
 * Hearth's heat collector (a keystone token reused until shortly before it expires, one metadata GET
 * per poll) and, in the same run, Debian's real os-collect-config (a new token and a metadata GET
 * per poll). For each N: one stack with a ResourceGroup of N DeployedServers (POLL_SERVER_HEAT, no
 * deployments: idle), then three windows of the same length: nothing polling (the baseline), N
 * {@code hearth agent}s, N {@code os-collect-config}s. Per window: requests per minute from the
 * daemons' access logs and CPU seconds per minute from /proc/PID/stat of every process of each
 * daemon's process group (setup.sh starts each in its own), minus the baseline. Prints nodes per
 * control-plane core at a 30 s poll interval: 30 s / (control-plane CPU seconds per poll).
 *
 * <pre>
 *   flock /tmp/hearth-bench.lock integration-tests/openstack/run-e2e.sh bench-nodes [N...]
 * </pre>
 * Environment: HEARTH_BENCH_INTERVAL (poll interval of the measured windows, s, default 10),
 * HEARTH_BENCH_WINDOW (s, default 60). The agents run without a container engine.
 */
public final class ControlPlaneBillBench {
    private static final List<String> DAEMONS = List.of("heat-api", "heat-engine", "keystone");
    private static final Map<String, Pattern> REQUESTS = Map.of(
            "keystone", Pattern.compile("\\] (GET|POST|HEAD|DELETE|PUT|PATCH) /v3.* => generated "),
            "heat-api", Pattern.compile("eventlet\\.wsgi\\.server .*\"(GET|POST|HEAD|PUT|PATCH|DELETE) "));
    private static final Pattern METADATA_GET =
            Pattern.compile("eventlet\\.wsgi\\.server .*\"GET /v1/\\S+/resources/\\S+/metadata ");
    private static final long CLK_TCK = 100;

    private ControlPlaneBillBench() {}

    /**
     * What one window measured: CPU seconds per daemon, requests per access log, metadata GETs of the
     * bench's servers (polls; other users of the control plane are not counted).
     */
    record Window(Map<String, Double> cpu, Map<String, Long> requests, long polls, double seconds) {
        Window minus(Window base) {
            Map<String, Double> c = new LinkedHashMap<>();
            Map<String, Long> r = new LinkedHashMap<>();
            double scale = seconds / base.seconds;
            for (String d : DAEMONS) c.put(d, cpu.get(d) - base.cpu.get(d) * scale);
            for (String l : REQUESTS.keySet())
                r.put(l, Math.max(0, requests.get(l) - Math.round(base.requests.get(l) * scale)));
            return new Window(c, r, polls, seconds);
        }

        double totalCpu() {
            return cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = new ArrayList<>();
        for (String a : args) counts.add(Integer.parseInt(a));
        if (counts.isEmpty()) counts = List.of(10, 30);
        int interval = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_INTERVAL", "10"));
        int window = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_WINDOW", "60"));
        Path work = Files.createTempDirectory("hearth-bill");
        List<String> summary = new ArrayList<>();
        try (OpenStack os = OpenStack.connect()) {
            for (int n : counts) summary.addAll(measure(os, work.resolve("n" + n), n, interval, window));
        }
        System.out.printf(
                "%nBILL (poll interval %d s in the windows, %d s windows; nodes per core at a 30 s interval):%n",
                interval, window);
        summary.forEach(System.out::println);
    }

    private static List<String> measure(OpenStack os, Path work, int n, int interval, int window) throws Exception {
        OpenStack.Stack s = os.createStack(OpenStack.uniqueName("bill-" + n), template(n), Map.of(), 10);
        List<String> out = new ArrayList<>();
        try {
            JsonNode st = os.awaitStack(s, Duration.ofMinutes(5));
            if (!st.path("stack_status").asText().equals("CREATE_COMPLETE"))
                throw new AssertionError("bench stack: " + st);
            JsonNode occ = os.outputValue(s, "os_collect_config");
            Path logs = os.dir().resolve("log");
            String servers = occ.get(0).path("heat").path("stack_id").asText(); // the group's nested stack

            Window base = window(os, logs, window, servers);
            System.out.printf("N=%d baseline, nothing polling: %s%n", n, describe(base));

            long mark = size(logs.resolve("heat-api.log"));
            List<Node> agents = startHearth(work, occ, n, interval);
            Window hearth;
            try {
                // every agent past its first poll (and so its one token), then one interval more
                awaitFirstPolls(logs, mark, servers, n, "hearth");
                Thread.sleep(interval * 1000L);
                hearth = window(os, logs, window, servers).minus(base);
            } finally {
                for (Node a : agents) a.close();
            }
            System.out.printf("N=%d hearth agents: %s%n", n, describe(hearth));

            mark = size(logs.resolve("heat-api.log"));
            List<Process> occs = startOsCollectConfig(work, occ, n, interval);
            Window python;
            try {
                awaitFirstPolls(logs, mark, servers, n, "os-collect-config");
                Thread.sleep(interval * 1000L);
                python = window(os, logs, window, servers).minus(base);
            } finally {
                for (Process p : occs) {
                    p.destroy();
                }
                for (Process p : occs) {
                    if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
                }
            }
            System.out.printf("N=%d os-collect-config: %s%n", n, describe(python));
            out.add(line(n, "hearth", hearth));
            out.add(line(n, "os-collect-config", python));
        } finally {
            os.deleteStacks(List.of(s), Duration.ofMinutes(2));
        }
        return out;
    }

    static String template(int n) {
        return """
                heat_template_version: 2018-08-31
                resources:
                  servers:
                    type: OS::Heat::ResourceGroup
                    properties:
                      count: %d
                      resource_def:
                        type: OS::Heat::DeployedServer
                        properties:
                          software_config_transport: POLL_SERVER_HEAT
                outputs:
                  os_collect_config: {value: {get_attr: [servers, os_collect_config]}}
                """.formatted(n);
    }

    private static List<Node> startHearth(Path work, JsonNode occ, int n, int interval) throws Exception {
        List<Node> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Node>> configured = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                configured.add(pool.submit(() ->
                        new Node(work.resolve("hearth" + k)).configure(occ.get(k), """
                        polling: {min_interval: %ds, max_interval: %ds}
                        """.formatted(interval, interval))));
            }
            for (Future<Node> f : configured) nodes.add(f.get());
        } finally {
            pool.shutdown();
        }
        for (Node node : nodes) node.start();
        return nodes;
    }

    private static List<Process> startOsCollectConfig(Path work, JsonNode occ, int n, int interval) throws IOException {
        List<Process> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode h = occ.get(i).path("heat");
            Path d = Files.createDirectories(work.resolve("occ" + i));
            List<String> cmd = List.of(
                    "os-collect-config",
                    "--command",
                    "/bin/true",
                    "--polling-interval",
                    Integer.toString(interval),
                    "--min-polling-interval",
                    Integer.toString(interval),
                    "--cachedir",
                    d.resolve("cache").toString(),
                    "--backup-cachedir",
                    d.resolve("backup").toString(),
                    "--heat-auth-url",
                    h.path("auth_url").asText(),
                    "--heat-user-id",
                    h.path("user_id").asText(),
                    "--heat-password",
                    h.path("password").asText(),
                    "--heat-project-id",
                    h.path("project_id").asText(),
                    "--heat-stack-id",
                    h.path("stack_id").asText(),
                    "--heat-resource-name",
                    h.path("resource_name").asText(),
                    "--heat-region-name",
                    h.path("region_name").asText("RegionOne"),
                    "heat");
            out.add(new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(d.resolve("log").toFile())
                    .start());
        }
        return out;
    }

    /**
     * Waits until each of the {@code n} servers' metadata has been read since {@code from} (an
     * offset in heat-api's log): on a loaded machine N JVMs or Python processes take long to start,
     * and a window opened before the last one polls measures start-up, not idle polling.
     */
    private static void awaitFirstPolls(Path logs, long from, String servers, int n, String who) throws Exception {
        Pattern resource = Pattern.compile("/resources/([^/\\s]+)/metadata ");
        Instant t0 = Instant.now(), end = t0.plus(Duration.ofMinutes(10));
        java.util.Set<String> polled = new java.util.HashSet<>();
        while (true) {
            for (String l : lines(logs.resolve("heat-api.log"), from)) {
                if (!l.contains(servers) || !METADATA_GET.matcher(l).find()) continue;
                var m = resource.matcher(l);
                if (m.find()) polled.add(m.group(1));
            }
            if (polled.size() >= n) break;
            if (Instant.now().isAfter(end))
                throw new AssertionError(who + ": only " + polled.size() + " of " + n + " servers polled in 10 min");
            Thread.sleep(2000);
        }
        System.out.printf(
                "N=%d %s: every server polled once after %d s%n",
                n, who, Duration.between(t0, Instant.now()).toSeconds());
    }

    /** CPU and requests of the control plane over {@code seconds}. */
    private static Window window(OpenStack os, Path logs, int seconds, String servers) throws Exception {
        Map<String, Long> ticks0 = new LinkedHashMap<>();
        for (String d : DAEMONS) ticks0.put(d, ticks(os, d));
        Map<String, Long> size0 = new LinkedHashMap<>();
        for (String l : REQUESTS.keySet()) size0.put(l, size(logs.resolve(l + ".log")));
        Instant t0 = Instant.now();
        Thread.sleep(seconds * 1000L);
        double elapsed = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String d : DAEMONS) cpu.put(d, (ticks(os, d) - ticks0.get(d)) / (double) CLK_TCK);
        Map<String, Long> requests = new LinkedHashMap<>();
        for (String l : REQUESTS.keySet())
            requests.put(l, count(logs.resolve(l + ".log"), size0.get(l), REQUESTS.get(l)));
        long polls = count(
                logs.resolve("heat-api.log"),
                size0.get("heat-api"),
                METADATA_GET.asPredicate().and(l -> l.contains(servers)));
        return new Window(cpu, requests, polls, elapsed);
    }

    /** utime + stime of every live process in the daemon's process group (its pid file names the leader). */
    static long ticks(OpenStack os, String daemon) throws IOException {
        String leader =
                Files.readString(os.dir().resolve("run/" + daemon + ".pid")).strip();
        long sum = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                // fields after the command (which may hold spaces) start at ") "
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
                if (f[2].equals(leader)) sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
        }
        return sum;
    }

    private static String describe(Window w) {
        double perMin = 60.0 / w.seconds();
        StringBuilder b =
                new StringBuilder(String.format("%d metadata GETs (polls) in %.0f s;", w.polls(), w.seconds()));
        w.requests().forEach((k, v) -> b.append(String.format(" %s %.0f req/min", k, v * perMin)));
        b.append(';');
        w.cpu().forEach((k, v) -> b.append(String.format(" %s %.2f CPU s/min", k, v * perMin)));
        return b.toString();
    }

    private static String line(int n, String who, Window w) {
        double perMin = 60.0 / w.seconds();
        double cpuPerPoll = w.totalCpu() / Math.max(1, w.polls());
        long reqs = w.requests().values().stream().mapToLong(Long::longValue).sum();
        double perPoll = reqs / (double) Math.max(1, w.polls());
        return String.format(
                "  N=%-3d %-18s %6.0f req/min (%.2f per poll: keystone %.2f, heat-api %.2f), control-plane CPU %.2f s/min"
                        + " (heat-api %.2f, heat-engine %.2f, keystone %.2f), %.1f ms per poll -> %.0f nodes per core at 30 s",
                n,
                who,
                reqs * perMin,
                perPoll,
                w.requests().get("keystone") / (double) Math.max(1, w.polls()),
                w.requests().get("heat-api") / (double) Math.max(1, w.polls()),
                w.totalCpu() * perMin,
                w.cpu().get("heat-api") * perMin,
                w.cpu().get("heat-engine") * perMin,
                w.cpu().get("keystone") * perMin,
                cpuPerPoll * 1000,
                cpuPerPoll > 0 ? 30.0 / cpuPerPoll : Double.POSITIVE_INFINITY);
    }

    private static long size(Path f) throws IOException {
        return Files.exists(f) ? Files.size(f) : 0;
    }

    private static long count(Path f, long from, Pattern p) throws IOException {
        return count(f, from, p.asPredicate());
    }

    private static long count(Path f, long from, java.util.function.Predicate<String> p) throws IOException {
        return lines(f, from).stream().filter(p).count();
    }

    /** The lines of {@code f} from byte offset {@code from} on. */
    private static List<String> lines(Path f, long from) throws IOException {
        if (!Files.exists(f)) return List.of();
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long len = raf.length() - from;
            if (len <= 0) return List.of();
            byte[] buf = new byte[(int) len];
            raf.seek(from);
            raf.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8).lines().toList();
        }
    }
}
