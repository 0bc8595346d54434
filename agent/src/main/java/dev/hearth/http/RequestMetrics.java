package dev.hearth.http;

import dev.hearth.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts served requests by route template and status ({@link Meters#HTTP_REQUESTS}). */
final class RequestMetrics {
    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String route, int status) {
        Counter.builder(Meters.HTTP_REQUESTS)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
    }
}
