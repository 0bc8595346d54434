package dev.hearth.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * config/prometheus and config/grafana use metric names the agent really exports, and the alert
 * rules pass promtool (syntax, lint, and their unit tests in alerts.test.yml).
 */
@Tag("promtool")
class ObservabilityFilesTest {
    static final Path CONFIG = Path.of("..", "config");
    private static final Pattern HEARTH_NAME = Pattern.compile("\\bhearth_[a-z_]+");

    private static Set<String> exported() {
        try (Metrics m = new Metrics()) {
            MetricsTest.registerAll(m.registry(), new AtomicInteger(1));
            return m.registry()
                    .scrape()
                    .lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]", 2)[0])
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> referenced(Path file) throws Exception {
        Set<String> names = new TreeSet<>();
        Matcher m = HEARTH_NAME.matcher(Files.readString(file));
        while (m.find()) names.add(m.group());
        return names;
    }

    @Test
    void alertsAndDashboardUseExportedNames() throws Exception {
        Set<String> exported = exported();
        Set<String> alerts = referenced(CONFIG.resolve("prometheus/alerts.yml"));
        Set<String> dashboard = referenced(CONFIG.resolve("grafana/hearth-dashboard.json"));
        assertThat(alerts)
                .contains(
                        "hearth_deployments_total",
                        "hearth_signal_outbox_size",
                        "hearth_signals_total",
                        "hearth_poll_last_success_time_seconds");
        assertThat(exported).containsAll(alerts);
        assertThat(exported).containsAll(dashboard);
        assertThat(exported).contains("process_cpu_seconds_total", "jvm_memory_used_bytes", "jvm_threads_live_threads");
    }

    @Test
    void alertRulesPassPromtoolAndTheirUnitTests() throws Exception {
        Path rules = CONFIG.resolve("prometheus/alerts.yml");
        Promtool.Result check = Promtool.run(null, "check", "rules", "--lint=all", "--lint-fatal", rules.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        Promtool.Result test = Promtool.run(
                null,
                "test",
                "rules",
                CONFIG.resolve("prometheus/alerts.test.yml").toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertLinksItsRunbookSection() throws Exception {
        String rules = Files.readString(CONFIG.resolve("prometheus/alerts.yml"));
        String runbooks = Files.readString(CONFIG.resolveSibling("docs/runbooks.md"));
        Matcher alert = Pattern.compile("- alert: (\\w+)").matcher(rules);
        int count = 0;
        while (alert.find()) {
            String name = alert.group(1);
            assertThat(rules)
                    .as(name)
                    .contains("runbook_url: \"https://github.com/hearth-agent/hearth/blob/main/docs/runbooks.md#"
                            + name.toLowerCase(java.util.Locale.ROOT) + "\"");
            assertThat(runbooks).as(name).contains("\n## " + name + "\n");
            count++;
        }
        assertThat(count).isEqualTo(6);
    }
}
