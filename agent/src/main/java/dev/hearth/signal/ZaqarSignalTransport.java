package dev.hearth.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import dev.hearth.net.ControlPlaneException;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.HttpCall;
import dev.hearth.net.HttpResult;
import dev.hearth.net.PathSegments;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * ZAQAR_SIGNAL: Keystone v3 as the deployment's stack user, then the Zaqar <b>v2</b> API (v1.1, which
 * heat-config-notify used, is removed from Zaqar):
 * {@code POST <messaging>/v2/queues/<deploy_queue_id>/messages} with
 * {@code {"messages": [{"body": <payload>, "ttl": 600}]}}, {@code Client-ID} and {@code X-Project-Id}.
 * The payload is trimmed to {@link #MAX_BODY} bytes, below Zaqar's default 256 KiB post limit.
 */
public final class ZaqarSignalTransport implements SignalTransport {
    public static final String NAME = "ZAQAR_SIGNAL";
    public static final int TTL = 600;
    public static final int MAX_BODY = 250_000;

    private final KeystoneSessions sessions;
    private final Duration timeout;
    private final PayloadTrimmer trimmer;
    private final String clientId = UUID.randomUUID().toString();

    public ZaqarSignalTransport(ControlPlaneHttp http, Duration timeout, Clock clock, PayloadTrimmer trimmer) {
        this.sessions = new KeystoneSessions(http, timeout, clock);
        this.timeout = timeout;
        this.trimmer = trimmer.maxBytes() > MAX_BODY ? new PayloadTrimmer(MAX_BODY) : trimmer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(SignalEnvelope e) throws SignalException, InterruptedException {
        String queue = e.param("deploy_queue_id").orElseThrow(() -> new SignalException("no deploy_queue_id", true));
        String project = e.param("deploy_project_id").orElse("");
        String path = "/v2/queues/" + PathSegments.encode(queue) + "/messages";
        ObjectNode body = Json.object();
        ObjectNode msg = body.putArray("messages").addObject();
        msg.set("body", trimmer.trim(e.payload()));
        msg.put("ttl", TTL);
        HttpResult r;
        try {
            r = sessions.of(e)
                    .call(
                            "messaging",
                            (endpoint, token) -> HttpCall.of("POST", URI.create(endpoint + path), timeout)
                                    .header("Accept", "application/json")
                                    .header("Client-ID", clientId)
                                    .header("X-Project-Id", project)
                                    .json(body));
        } catch (ControlPlaneException ex) {
            throw new SignalException(ex.getMessage(), ex);
        } catch (IllegalArgumentException ex) {
            throw SignalException.invalidTarget("POST " + path + ": invalid URL");
        }
        if (!r.isSuccess()) throw SignalException.forStatus(r.status(), "POST " + path);
    }
}
