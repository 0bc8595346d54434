package dev.hearth.signal;

import dev.hearth.net.ControlPlaneException;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.HttpCall;
import dev.hearth.net.HttpResult;
import dev.hearth.net.PathSegments;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * HEAT_SIGNAL: Keystone v3 as the deployment's stack user, then
 * {@code POST <orchestration>/stacks/<deploy_stack_id>/resources/<deploy_resource_name>/signal} with the
 * payload (JSON, trimmed to heat-api's body limit). Authenticates afresh when the token expires, so
 * it survives long outages.
 */
public final class HeatSignalTransport implements SignalTransport {
    public static final String NAME = "HEAT_SIGNAL";

    private final KeystoneSessions sessions;
    private final Duration timeout;
    private final PayloadTrimmer trimmer;

    public HeatSignalTransport(ControlPlaneHttp http, Duration timeout, Clock clock, PayloadTrimmer trimmer) {
        this.sessions = new KeystoneSessions(http, timeout, clock);
        this.timeout = timeout;
        this.trimmer = trimmer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(SignalEnvelope e) throws SignalException, InterruptedException {
        String stack = e.param("deploy_stack_id").orElseThrow(() -> new SignalException("no deploy_stack_id", true));
        String resource =
                e.param("deploy_resource_name").orElseThrow(() -> new SignalException("no deploy_resource_name", true));
        String path = "/stacks/" + stack + "/resources/" + PathSegments.encode(resource) + "/signal";
        var payload = trimmer.trim(e.payload());
        HttpResult r;
        try {
            r = sessions.of(e)
                    .call(
                            "orchestration",
                            (endpoint, token) -> HttpCall.of("POST", URI.create(endpoint + path), timeout)
                                    .header("Accept", "application/json")
                                    .json(payload));
        } catch (ControlPlaneException ex) {
            throw new SignalException(ex.getMessage(), ex);
        } catch (IllegalArgumentException ex) {
            throw SignalException.invalidTarget("POST " + path + ": invalid URL");
        }
        if (!r.isSuccess()) throw SignalException.forStatus(r.status(), "POST " + path);
    }
}
