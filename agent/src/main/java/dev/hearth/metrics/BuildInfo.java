package dev.hearth.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code hearth_build_info{version, java} 1}: the Prometheus convention for "which build runs
 * where", so a dashboard or an alert can join on the version during a rolling upgrade.
 */
public final class BuildInfo {
    private BuildInfo() {}

    /** The jar's Implementation-Version, or "development" when run from classes. */
    public static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }

    public static void register(MeterRegistry registry) {
        Gauge.builder(Meters.BUILD_INFO, () -> 1)
                .tag("version", version())
                .tag(
                        "java",
                        Runtime.version().feature() + "." + Runtime.version().interim() + "."
                                + Runtime.version().update())
                .register(registry);
    }
}
