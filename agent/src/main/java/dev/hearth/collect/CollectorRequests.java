package dev.hearth.collect;

import dev.hearth.config.CollectorSettings;
import dev.hearth.metrics.Meters;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.Keystone;
import dev.hearth.net.KeystoneCredentials;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** The clients a collector sends through: every request counted in {@link Meters#COLLECTOR_REQUESTS}. */
final class CollectorRequests {
    private CollectorRequests() {}

    static ControlPlaneHttp counted(ControlPlaneHttp http, MeterRegistry registry, String collector) {
        Counter c = Counter.builder(Meters.COLLECTOR_REQUESTS)
                .tag("collector", collector)
                .description("HTTP requests sent to the control plane by collectors")
                .register(registry);
        return http.observed(call -> c.increment());
    }

    /** The Keystone session of a collector's user; its requests are counted as the collector's. */
    static Keystone keystone(
            CollectorSettings.KeystoneUser user,
            ControlPlaneHttp http,
            MeterRegistry registry,
            String collector,
            Clock clock) {
        return new Keystone(
                counted(http, registry, collector),
                new KeystoneCredentials(
                        user.authUrl(), user.userId(), user.password(), user.projectId(), user.regionName()),
                user.timeout(),
                clock);
    }
}
