package dev.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.metrics.Metrics;
import dev.hearth.testing.MutableClock;
import org.junit.jupiter.api.Test;

class LastPollGaugeTest {

    @Test
    void anAgentWithoutCollectorsPublishesNoLastPollTime() {
        try (Metrics m = new Metrics()) {
            new LastPollGauge(m.registry(), MutableClock.at("2026-12-05T10:00:00Z")).collectors(false);
            assertThat(m.registry().scrape()).doesNotContain("hearth_poll_last_success_time_seconds");
        }
    }

    @Test
    void withCollectorsTheGaugeStartsAtTheStartAndMovesOnEachAnswer() {
        MutableClock clock = MutableClock.at("2026-12-05T10:00:00Z");
        try (Metrics m = new Metrics()) {
            LastPollGauge gauge = new LastPollGauge(m.registry(), clock);
            long start = clock.instant().getEpochSecond();
            gauge.collectors(true);
            assertThat(m.registry().scrape()).contains("hearth_poll_last_success_time_seconds " + (double) start);
            clock.advance(java.time.Duration.ofSeconds(90));
            gauge.answered();
            assertThat(m.registry().scrape())
                    .contains("hearth_poll_last_success_time_seconds " + (double) (start + 90));
        }
    }

    @Test
    void aReloadThatRemovesTheCollectorsRemovesTheGauge() {
        try (Metrics m = new Metrics()) {
            LastPollGauge gauge = new LastPollGauge(m.registry(), MutableClock.at("2026-12-05T10:00:00Z"));
            gauge.collectors(true);
            gauge.collectors(false);
            assertThat(m.registry().scrape()).doesNotContain("hearth_poll_last_success_time_seconds");
            gauge.collectors(true);
            assertThat(m.registry().scrape()).contains("hearth_poll_last_success_time_seconds");
        }
    }
}
