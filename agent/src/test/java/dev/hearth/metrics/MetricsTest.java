package dev.hearth.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

public class MetricsTest {

    /** Registers every meter of {@link Meters} the way the agent's parts will, with sample tags. */
    public static void registerAll(MeterRegistry r, AtomicInteger gaugeValue) {
        Counter.builder(Meters.DEPLOYMENTS)
                .tags("group", "script", "result", "succeeded")
                .register(r)
                .increment();
        Counter.builder(Meters.DEPLOYMENTS)
                .tags("group", "docker-cmd", "result", "failed")
                .register(r)
                .increment();
        Timer.builder(Meters.DEPLOYMENT_DURATION)
                .tags("group", "script", "result", "succeeded")
                .register(r)
                .record(Duration.ofMillis(1500));
        Timer.builder(Meters.HOOK_DURATION).tags("group", "script").register(r).record(Duration.ofMillis(1200));
        Counter.builder(Meters.SIGNALS)
                .tags("transport", "TEMP_URL_SIGNAL", "result", "delivered")
                .register(r)
                .increment();
        Gauge.builder(Meters.SIGNAL_OUTBOX_SIZE, gaugeValue, AtomicInteger::get).register(r);
        Counter.builder(Meters.COLLECTOR_POLLS)
                .tags("collector", "heat", "result", "changed")
                .register(r)
                .increment();
        Counter.builder(Meters.COLLECTOR_REQUESTS)
                .tags("collector", "heat")
                .register(r)
                .increment();
        Gauge.builder(Meters.LAST_SUCCESSFUL_POLL, () -> 1.7e9).register(r);
        Gauge.builder(Meters.CONTAINERS, gaugeValue, AtomicInteger::get)
                .tags("state", "running")
                .register(r);
        Counter.builder(Meters.CONTAINER_DRIFT)
                .tags("kind", "stopped")
                .register(r)
                .increment();
        Timer.builder(Meters.DOCKER_API_CALLS)
                .tags("operation", "inspect")
                .register(r)
                .record(Duration.ofMillis(7));
        Counter.builder(Meters.METADATA_DOCUMENTS)
                .tags("source", "push")
                .register(r)
                .increment();
        Counter.builder(Meters.STEPS)
                .tags("role", "Controller", "step", "1", "result", "started")
                .register(r)
                .increment();
        Timer.builder(Meters.STEP_DURATION)
                .tags("role", "Controller", "step", "1")
                .register(r)
                .record(Duration.ofSeconds(40));
        Counter.builder(Meters.HTTP_REQUESTS)
                .tags("route", "/healthz", "status", "200")
                .register(r)
                .increment();
        new dev.hearth.deploy.StateHealth(r);
    }

    @Test
    void everyHearthMeterHasAHelpText() throws Exception {
        List<String> names = new ArrayList<>();
        for (Field f : Meters.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) names.add((String) f.get(null));
        }
        assertThat(Metrics.DESCRIPTIONS.keySet()).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void namesRenderInPrometheusConventions() {
        try (Metrics m = new Metrics()) {
            registerAll(m.registry(), new AtomicInteger(3));
            String text = m.registry().scrape();
            assertThat(text)
                    .contains("# HELP hearth_deployments_total Deployments finished, by group and result")
                    .contains("hearth_deployments_total{group=\"script\",result=\"succeeded\"} 1.0")
                    .contains(
                            "hearth_deployment_duration_seconds_bucket{group=\"script\",result=\"succeeded\",le=\"2.5\"} 1")
                    .contains(
                            "hearth_deployment_duration_seconds_bucket{group=\"script\",result=\"succeeded\",le=\"1.0\"} 0")
                    .contains(
                            "hearth_deployment_duration_seconds_bucket{group=\"script\",result=\"succeeded\",le=\"3600.0\"} 1")
                    .contains("hearth_hook_duration_seconds_count{group=\"script\"} 1")
                    .contains("hearth_docker_api_calls_seconds_bucket{operation=\"inspect\",le=\"0.01\"} 1")
                    .contains("hearth_signals_total{result=\"delivered\",transport=\"TEMP_URL_SIGNAL\"} 1.0")
                    .contains("hearth_signal_outbox_size 3.0")
                    .contains("hearth_collector_polls_total{collector=\"heat\",result=\"changed\"} 1.0")
                    .contains("hearth_poll_last_success_time_seconds 1.7E9")
                    .contains("hearth_containers{state=\"running\"} 3.0")
                    .contains("hearth_step_duration_seconds_bucket")
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_gc_")
                    .contains("jvm_threads_live_threads")
                    .contains("jvm_classes_loaded_classes")
                    .contains("process_cpu_usage")
                    .contains("process_uptime_seconds")
                    .contains("process_files_open_files")
                    .contains("process_cpu_seconds_total")
                    .contains("system_cpu_logical_processors");
            // Fixed buckets, not the ~70 of a percentile histogram.
            assertThat(text.lines()
                            .filter(l -> l.startsWith("hearth_deployment_duration_seconds_bucket"))
                            .count())
                    .isEqualTo(Metrics.LONG_BUCKETS.size() + 1);
        }
    }

    @Test
    void commonTagsGoOnEveryMeter() {
        try (Metrics m = new Metrics(java.util.Map.of("node", "overcloud-controller-0"))) {
            Counter.builder(Meters.DEPLOYMENTS)
                    .tags("group", "script", "result", "failed")
                    .register(m.registry())
                    .increment();
            assertThat(m.registry().scrape())
                    .contains(
                            "hearth_deployments_total{group=\"script\",node=\"overcloud-controller-0\",result=\"failed\"} 1.0");
        }
    }
}
