package dev.hearth.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.CollectorSettings;
import dev.hearth.net.ControlPlaneException;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.HttpCall;
import dev.hearth.net.HttpResult;
import dev.hearth.net.Keystone;
import dev.hearth.net.PathSegments;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * Metadata from the Heat API ({@code POLL_SERVER_HEAT}): Keystone v3, then
 * {@code GET <orchestration>/stacks/<stack_id>/resources/<resource_name>/metadata}, the answer's
 * {@code metadata}. The token is kept across polls, so an idle poll is one request (docs/heat-protocol.md#each-collector).
 */
public final class HeatCollector implements Collector {
    public static final String NAME = "heat";

    private final CollectorSettings.Heat settings;
    private final Keystone keystone;

    public HeatCollector(CollectorSettings.Heat settings, ControlPlaneHttp http, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.keystone = CollectorRequests.keystone(settings, http, registry, NAME, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    private boolean configured() {
        return keystone.credentials().complete() && notBlank(settings.stackId()) && notBlank(settings.resourceName());
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public Optional<JsonNode> collect() throws CollectorException, InterruptedException {
        if (!configured()) return Optional.empty();
        String path = "/stacks/" + settings.stackId().trim() + "/resources/"
                + PathSegments.encode(settings.resourceName().trim()) + "/metadata";
        HttpResult r;
        try {
            r = keystone.call(
                    "orchestration",
                    (endpoint, token) -> HttpCall.get(URI.create(endpoint + path), settings.timeout())
                            .header("Accept", "application/json"));
        } catch (ControlPlaneException e) {
            throw new CollectorException("heat: " + e.getMessage(), e);
        }
        if (r.status() != 200) throw new CollectorException("heat: HTTP " + r.status() + " from GET " + path);
        try {
            if (r.json().get("metadata") instanceof ObjectNode md) return Optional.of(md);
        } catch (IOException e) {
            throw new CollectorException("heat: GET " + path + ": " + e.getMessage());
        }
        throw new CollectorException("heat: GET " + path + ": the answer has no metadata object");
    }
}
