package dev.hearth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.metrics.MetricsTest;
import dev.hearth.metrics.Promtool;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} scraped over HTTP and parsed by the real Prometheus parser ({@code promtool check metrics}). */
@Tag("promtool")
class MetricsEndpointTest {

    @Test
    void scrapedTextPassesPromtoolCheckMetrics() throws Exception {
        try (ServerFixture f = ServerFixture.withToken(new RecordingSink())) {
            MetricsTestAccess.registerAll(f.metrics.registry());
            f.get("/v1/deployments", ServerFixture.TOKEN);
            f.get("/v1/deployments", null);

            HttpResponse<String> r = f.get("/metrics", ServerFixture.TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(r.body()).contains("hearth_http_requests_total{route=\"/v1/deployments\",status=\"401\"} 1.0");

            Promtool.Result check = Promtool.run(r.body(), "check", "metrics");
            assertThat(check.exitCode())
                    .as("promtool check metrics said:%n%s", check.output())
                    .isZero();
            assertThat(check.output()).as("promtool lint findings").isBlank();
        }
    }

    @Test
    void promtoolReallyRejectsBrokenText() throws Exception {
        Promtool.Result check = Promtool.run("hearth_bad{ 1\n", "check", "metrics");
        assertThat(check.exitCode()).isNotZero();
    }

    /** Bridges to the package-private sample registration in the metrics tests. */
    static final class MetricsTestAccess {
        static void registerAll(io.micrometer.core.instrument.MeterRegistry r) {
            MetricsTest.registerAll(r, new AtomicInteger(2));
        }
    }
}
