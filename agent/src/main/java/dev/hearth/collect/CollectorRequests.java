package dev.hearth.collect;

import dev.hearth.metrics.Meters;
import dev.hearth.net.ControlPlaneHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The client a collector sends through: every request counted in {@link Meters#COLLECTOR_REQUESTS}. */
final class CollectorRequests {
    private CollectorRequests() {}

    static ControlPlaneHttp counted(ControlPlaneHttp http, MeterRegistry registry, String collector) {
        Counter c = Counter.builder(Meters.COLLECTOR_REQUESTS)
                .tag("collector", collector)
                .description("HTTP requests sent to the control plane by collectors")
                .register(registry);
        return http.observed(call -> c.increment());
    }
}
