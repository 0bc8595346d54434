package dev.hearth.signal;

import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.HttpResult;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CFN_SIGNAL: {@code POST} of the payload (JSON, trimmed) to the pre-signed heat-api-cfn URL, verbatim.
 * The URL is signed with the deployment's creation time and keystone refuses it after
 * {@code [credential] auth_ttl} (15 minutes by default): a 403 for a URL older than that is a
 * permanent failure, "signal URL expired" (docs/heat-protocol.md#expiring-cfn-urls), instead of a retry that can never succeed.
 */
public final class CfnSignalTransport implements SignalTransport {
    private static final Logger LOG = LoggerFactory.getLogger(CfnSignalTransport.class);
    public static final String NAME = "CFN_SIGNAL";
    public static final Duration DEFAULT_AUTH_TTL = Duration.ofMinutes(15);

    private final ControlPlaneHttp http;
    private final Duration timeout;
    private final Clock clock;
    private final Duration authTtl;
    private final PayloadTrimmer trimmer;

    public CfnSignalTransport(
            ControlPlaneHttp http, Duration timeout, Clock clock, Duration authTtl, PayloadTrimmer trimmer) {
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
        this.authTtl = authTtl;
        this.trimmer = trimmer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(SignalEnvelope e) throws SignalException, InterruptedException {
        String verb = "PUT".equalsIgnoreCase(e.param("deploy_signal_verb").orElse("POST")) ? "PUT" : "POST";
        HttpResult r = PresignedUrlSignal.send(http, e, verb, timeout, trimmer);
        if (r.isSuccess()) return;
        if (r.status() == 403) {
            Optional<Instant> ts = timestamp(e.param("deploy_signal_id").orElse(""));
            if (ts.isPresent() && ts.get().plus(authTtl).isBefore(clock.instant())) {
                LOG.warn(
                        "deployment {}: heat-api-cfn refused the signal URL signed at {}, older than {}: {}",
                        e.deploymentId(),
                        ts.get(),
                        authTtl,
                        SignalException.URL_EXPIRED);
                throw new SignalException(SignalException.URL_EXPIRED, true);
            }
        }
        throw SignalException.forStatus(r.status(), PresignedUrlSignal.describe(verb, e));
    }

    /** The {@code Timestamp} query parameter of a pre-signed URL. */
    static Optional<Instant> timestamp(String url) {
        String query;
        try {
            query = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (query == null) return Optional.empty();
        for (String pair : query.split("&", -1)) {
            if (!pair.startsWith("Timestamp=")) continue;
            String v = URLDecoder.decode(pair.substring("Timestamp=".length()), StandardCharsets.UTF_8);
            try {
                return Optional.of(Instant.parse(v));
            } catch (DateTimeParseException ex) {
                try {
                    return Optional.of(LocalDateTime.parse(v).toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException ex2) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
