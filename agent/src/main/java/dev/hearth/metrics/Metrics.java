package dev.hearth.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's meter registry: Prometheus, with the JVM and process binders, fixed histogram buckets
 * for Hearth's duration timers and a help text for every Hearth meter (Prometheus linters insist).
 * Micrometer names ({@code hearth.deployments}) render as {@code hearth_deployments_total},
 * {@code hearth_deployment_duration_seconds_bucket}, and so on.
 *
 * <p>Close it at shutdown (the GC binder holds JMX listeners).
 */
public final class Metrics implements AutoCloseable {

    /** Deployments and hooks: seconds to an hour (hooks.timeout defaults to 1 h). */
    static final List<Duration> LONG_BUCKETS =
            seconds(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600);
    /** Docker API calls: milliseconds to a minute (docker.api_timeout defaults to 60 s). */
    static final List<Duration> SHORT_BUCKETS =
            seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);

    static final Map<String, List<Duration>> BUCKETS = Map.of(
            Meters.DEPLOYMENT_DURATION, LONG_BUCKETS,
            Meters.HOOK_DURATION, LONG_BUCKETS,
            Meters.STEP_DURATION, LONG_BUCKETS,
            Meters.DOCKER_API_CALLS, SHORT_BUCKETS);

    /** HELP text of every meter in {@link Meters}; a meter registered with its own description keeps it. */
    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(Meters.DEPLOYMENTS, "Deployments finished, by group and result"),
            Map.entry(Meters.DEPLOYMENT_DURATION, "Time from a deployment starting to its result being recorded"),
            Map.entry(Meters.HOOK_DURATION, "Time a hook ran for one deployment"),
            Map.entry(Meters.SIGNALS, "Signal sending attempts, by transport and result"),
            Map.entry(Meters.SIGNAL_OUTBOX_SIZE, "Signals persisted and not yet delivered or given up"),
            Map.entry(Meters.COLLECTOR_POLLS, "Collector polls, by collector and result"),
            Map.entry(Meters.COLLECTOR_REQUESTS, "HTTP requests collectors sent to the control plane"),
            Map.entry(Meters.LAST_SUCCESSFUL_POLL, "Unix time of the last poll where at least one collector answered"),
            Map.entry(Meters.CONTAINERS, "Managed containers, by state"),
            Map.entry(Meters.CONTAINER_DRIFT, "Changes to managed containers made outside Hearth, by kind"),
            Map.entry(Meters.DOCKER_API_CALLS, "Docker Engine API calls, by operation"),
            Map.entry(Meters.METADATA_DOCUMENTS, "Metadata documents accepted, by source"),
            Map.entry(Meters.STEPS, "Role deployment steps, by role, step and result"),
            Map.entry(Meters.STEP_DURATION, "Time a role deployment step took"),
            Map.entry(Meters.BUILD_INFO, "Hearth's version and the Java runtime it runs on (always 1)"),
            Map.entry(Meters.HTTP_REQUESTS, "HTTP requests served by the agent, by route and status"),
            Map.entry(Meters.STATE_WRITE_ERRORS, "Writes under state_dir that failed (disk full, I/O errors)"),
            Map.entry(Meters.STATE_WRITE_FAILING, "1 while writes under state_dir fail, 0 otherwise"));

    /*
     * Two binder meters promtool's linter rejects, replaced by names it accepts:
     * process.cpu.time is in nanoseconds (-> process_cpu_seconds_total, the Prometheus clients' name),
     * system.cpu.count renders with a _count suffix reserved for histograms and summaries.
     */
    private static final String MICROMETER_CPU_TIME = "process.cpu.time";
    private static final String MICROMETER_CPU_COUNT = "system.cpu.count";
    static final String CPU_COUNT = "system.cpu.logical.processors";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    /** @param commonTags tags put on every meter, e.g. {@code node}; usually none (Prometheus adds target labels) */
    public Metrics(Map<String, String> commonTags) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .commonTags(commonTags.entrySet().stream()
                        .map(e -> Tag.of(e.getKey(), e.getValue()))
                        .toList())
                .meterFilter(MeterFilter.denyNameStartsWith(MICROMETER_CPU_TIME))
                .meterFilter(rename(MICROMETER_CPU_COUNT, CPU_COUNT))
                .meterFilter(describe())
                .meterFilter(buckets());
        new JvmMemoryMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        processCpuSeconds(registry);
    }

    public Metrics() {
        this(Map.of());
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private static void processCpuSeconds(PrometheusMeterRegistry registry) {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            io.micrometer.core.instrument.FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds")
                    .description("CPU time the agent's process used")
                    .register(registry);
        }
    }

    private static MeterFilter rename(String from, String to) {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals(from) ? id.withName(to) : id;
            }
        };
    }

    private static MeterFilter describe() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String help = DESCRIPTIONS.get(id.getName());
                if (help == null || id.getDescription() != null) return id;
                return new Meter.Id(
                        id.getName(),
                        io.micrometer.core.instrument.Tags.of(id.getTagsAsIterable()),
                        id.getBaseUnit(),
                        help,
                        id.getType());
            }
        };
    }

    private static MeterFilter buckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                List<Duration> b = BUCKETS.get(id.getName());
                if (b == null) return config;
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(
                                b.stream().mapToDouble(Duration::toNanos).toArray())
                        .percentilesHistogram(false)
                        .build()
                        .merge(config);
            }
        };
    }

    private static List<Duration> seconds(double... values) {
        return java.util.Arrays.stream(values)
                .mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9)))
                .toList();
    }
}
