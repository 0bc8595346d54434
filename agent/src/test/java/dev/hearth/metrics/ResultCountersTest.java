package dev.hearth.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultCountersTest {

    @Test
    void deploymentResultsAreScrapedAtZeroBeforeAnythingRan() {
        try (Metrics m = new Metrics()) {
            ResultCounters.registerDeployments(m.registry(), List.of("script", "docker-cmd"));
            String text = m.registry().scrape();
            for (String group : List.of("script", "docker-cmd")) {
                for (String result : ResultCounters.DEPLOYMENT_RESULTS) {
                    assertThat(text)
                            .contains(
                                    "hearth_deployments_total{group=\"" + group + "\",result=\"" + result + "\"} 0.0");
                }
            }
        }
    }

    @Test
    void signalResultsAreScrapedAtZeroBeforeAnySignal() {
        try (Metrics m = new Metrics()) {
            ResultCounters.registerSignals(m.registry(), List.of("CFN_SIGNAL"));
            assertThat(m.registry().scrape())
                    .contains("hearth_signals_total{result=\"given_up\",transport=\"CFN_SIGNAL\"} 0.0")
                    .contains("hearth_signals_total{result=\"expired\",transport=\"CFN_SIGNAL\"} 0.0")
                    .contains("hearth_signals_total{result=\"delivered\",transport=\"CFN_SIGNAL\"} 0.0")
                    .contains("hearth_signals_total{result=\"failed\",transport=\"CFN_SIGNAL\"} 0.0");
        }
    }

    @Test
    void buildInfoNamesTheVersionAndTheJavaRuntime() {
        try (Metrics m = new Metrics()) {
            BuildInfo.register(m.registry());
            assertThat(m.registry().scrape())
                    .contains("# HELP hearth_build_info Hearth's version and the Java runtime it runs on (always 1)")
                    .containsPattern("hearth_build_info\\{java=\""
                            + Runtime.version().feature() + "\\.[0-9]+\\.[0-9]+\",version=\"[^\"]+\"} 1(\\.0)?\n");
        }
    }
}
