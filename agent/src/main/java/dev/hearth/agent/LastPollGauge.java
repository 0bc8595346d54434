package dev.hearth.agent;

import dev.hearth.metrics.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Meters#LAST_SUCCESSFUL_POLL}, published only while collectors are configured: a push-only
 * agent never polls, and a gauge stuck at its start would page someone for nothing. Until the first
 * answer it holds the time polling began, so "no answer for ten minutes" counts from then.
 */
final class LastPollGauge {
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicLong lastSuccess = new AtomicLong();
    private Gauge gauge;

    LastPollGauge(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** At start and after each reload: publish the gauge while there is something to poll. */
    synchronized void collectors(boolean any) {
        if (any && gauge == null) {
            lastSuccess.set(clock.instant().getEpochSecond());
            gauge = Gauge.builder(Meters.LAST_SUCCESSFUL_POLL, lastSuccess, AtomicLong::get)
                    .description("Unix time of the last poll where a collector answered")
                    .baseUnit("seconds")
                    .register(registry);
        } else if (!any && gauge != null) {
            registry.remove(gauge);
            gauge = null;
        }
    }

    void answered() {
        lastSuccess.set(clock.instant().getEpochSecond());
    }
}
