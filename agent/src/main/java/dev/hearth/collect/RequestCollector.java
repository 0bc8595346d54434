package dev.hearth.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.CollectorSettings;
import dev.hearth.net.ControlPlaneException;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.HttpCall;
import dev.hearth.net.HttpResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Metadata from a URL, typically a Swift TempURL ({@code POLL_TEMP_URL}). One conditional GET per
 * poll: {@code If-None-Match} with the last ETag and {@code If-Modified-Since} with the last
 * Last-Modified; a 304 returns the document kept from the last 200. (os-collect-config sent HEAD and
 * GET on every poll, docs/heat-protocol.md#each-collector.)
 */
public final class RequestCollector implements Collector {
    public static final String NAME = "request";

    private final CollectorSettings.Request settings;
    private final ControlPlaneHttp http;
    private String etag;
    private String lastModified;
    private JsonNode last;

    public RequestCollector(CollectorSettings.Request settings, ControlPlaneHttp http, MeterRegistry registry) {
        this.settings = settings;
        this.http = CollectorRequests.counted(http, registry, NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized Optional<JsonNode> collect() throws CollectorException, InterruptedException {
        if (settings.metadataUrl() == null || settings.metadataUrl().value().isBlank()) return Optional.empty();
        HttpCall call;
        try {
            call = HttpCall.get(URI.create(settings.metadataUrl().value().trim()), settings.timeout())
                    .header("Accept", "application/json");
        } catch (IllegalArgumentException e) {
            throw new CollectorException("request: metadata_url is not a valid URL");
        }
        if (last != null) {
            if (etag != null) call = call.header("If-None-Match", etag);
            if (lastModified != null) call = call.header("If-Modified-Since", lastModified);
        }
        HttpResult r;
        try {
            r = http.send(call);
        } catch (ControlPlaneException e) {
            throw new CollectorException("request: " + e.getMessage(), e);
        }
        if (r.status() == 304 && last != null) return Optional.of(last);
        if (r.status() != 200) throw new CollectorException("request: HTTP " + r.status() + " from " + call.describe());
        JsonNode doc;
        try {
            doc = r.json();
        } catch (IOException e) {
            throw new CollectorException("request: " + e.getMessage() + ": " + call.describe());
        }
        if (!(doc instanceof ObjectNode))
            throw new CollectorException("request: not a JSON object: " + call.describe());
        etag = r.header("ETag").orElse(null);
        lastModified = r.header("Last-Modified").orElse(null);
        last = doc;
        return Optional.of(doc);
    }
}
