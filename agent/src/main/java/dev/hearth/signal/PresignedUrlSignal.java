package dev.hearth.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.net.ControlPlaneException;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.HttpCall;
import dev.hearth.net.HttpResult;
import java.net.URI;
import java.time.Duration;

/** Sends a payload to a pre-signed {@code deploy_signal_id} URL, verbatim, as JSON. */
final class PresignedUrlSignal {
    private PresignedUrlSignal() {}

    static HttpResult send(
            ControlPlaneHttp http, SignalEnvelope e, String verb, Duration timeout, PayloadTrimmer trimmer)
            throws SignalException, InterruptedException {
        String url = e.param("deploy_signal_id")
                .orElseThrow(() -> new SignalException("no deploy_signal_id in the deployment's inputs", true));
        URI uri = SignalTarget.parse(url, "deploy_signal_id");
        ObjectNode payload = trimmer.trim(e.payload());
        HttpCall call = HttpCall.of(verb, uri, timeout).json(payload);
        try {
            return http.send(call);
        } catch (ControlPlaneException ex) {
            throw new SignalException(ex.getMessage(), ex);
        }
    }

    static String describe(String verb, SignalEnvelope e) {
        return verb + " "
                + dev.hearth.secret.Secrets.maskPatterns(
                        e.param("deploy_signal_id").orElse("?"));
    }
}
