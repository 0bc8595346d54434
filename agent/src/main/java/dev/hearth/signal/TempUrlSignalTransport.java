package dev.hearth.signal;

import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.HttpResult;
import java.time.Duration;

/**
 * TEMP_URL_SIGNAL: {@code PUT} of the payload (JSON, trimmed) to the Swift TempURL, verbatim; Heat
 * polls the object. TempURLs are valid for years, so every failure but a
 * non-retryable 4xx is retried.
 */
public final class TempUrlSignalTransport implements SignalTransport {
    public static final String NAME = "TEMP_URL_SIGNAL";

    private final ControlPlaneHttp http;
    private final Duration timeout;
    private final PayloadTrimmer trimmer;

    public TempUrlSignalTransport(ControlPlaneHttp http, Duration timeout, PayloadTrimmer trimmer) {
        this.http = http;
        this.timeout = timeout;
        this.trimmer = trimmer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(SignalEnvelope e) throws SignalException, InterruptedException {
        String verb = "POST".equalsIgnoreCase(e.param("deploy_signal_verb").orElse("PUT")) ? "POST" : "PUT";
        HttpResult r = PresignedUrlSignal.send(http, e, verb, timeout, trimmer);
        if (!r.isSuccess()) throw SignalException.forStatus(r.status(), PresignedUrlSignal.describe(verb, e));
    }
}
