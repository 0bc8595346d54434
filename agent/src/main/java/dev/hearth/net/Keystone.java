package dev.hearth.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keystone v3 for one set of credentials: password authentication scoped to a project, the token
 * kept until shortly before it expires (the margin is 10% of its lifetime, at most 5 minutes), the
 * catalog searched by service type, interface public and the optional region. A 401 from a service
 * drops the token and the request is sent once more with a new one. Thread-safe.
 *
 * <p>Unlike keystoneclient there is no discovery {@code GET}: a URL ending in {@code /v2.0} or without a
 * version gets {@code /v3}. Passwords and tokens never appear in messages or logs.
 */
public final class Keystone {
    private static final Logger LOG = LoggerFactory.getLogger(Keystone.class);
    static final Duration MAX_MARGIN = Duration.ofMinutes(5);

    private final ControlPlaneHttp http;
    private final KeystoneCredentials credentials;
    private final Duration timeout;
    private final Clock clock;
    private KeystoneToken token;

    public Keystone(ControlPlaneHttp http, KeystoneCredentials credentials, Duration timeout, Clock clock) {
        this.http = Objects.requireNonNull(http);
        this.credentials = Objects.requireNonNull(credentials);
        this.timeout = Objects.requireNonNull(timeout);
        this.clock = Objects.requireNonNull(clock);
    }

    public KeystoneCredentials credentials() {
        return credentials;
    }

    /** The v3 base URL derived from {@code auth_url}. */
    public static URI v3Url(String authUrl) {
        String u = authUrl.trim();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        if (u.endsWith("/v2.0")) u = u.substring(0, u.length() - "/v2.0".length()) + "/v3";
        else if (!u.matches(".*/v3(\\.\\d+)?$")) u = u + "/v3";
        return URI.create(u);
    }

    /** A valid token, issued now if none is kept or the kept one is close to expiry. */
    public synchronized KeystoneToken token() throws ControlPlaneException, InterruptedException {
        if (token != null && clock.instant().isBefore(token.refreshAt())) return token;
        token = authenticate();
        return token;
    }

    /** Forgets {@code used} (e.g. after a 401) so that the next {@link #token()} authenticates. */
    // The very token the failed call used: a token fetched meanwhile, even an equal one, stays.
    @SuppressWarnings("ReferenceEquality")
    public synchronized void invalidate(KeystoneToken used) {
        if (token == used) token = null;
    }

    /**
     * The catalog URL (no trailing slash) of a service, from the current token.
     *
     * @throws ControlPlaneException when the catalog has no public endpoint of that type (in that region)
     */
    public URI endpoint(KeystoneToken t, String serviceType) throws ControlPlaneException {
        String region = credentials.regionName();
        URI url = t.endpoint(serviceType, region)
                .orElseThrow(() -> new ControlPlaneException(
                        "keystone catalog has no public " + serviceType + " endpoint"
                                + (region == null || region.isBlank() ? "" : " in region " + region),
                        0));
        String s = url.toString();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return URI.create(s);
    }

    /** What a request to a service needs: its endpoint and a token. */
    @FunctionalInterface
    public interface ServiceCall {
        HttpCall build(URI endpoint, KeystoneToken token);
    }

    /**
     * Sends a request to a catalog service with {@code X-Auth-Token}; on a 401 the token is dropped
     * and the request built and sent once more with a new one.
     */
    public HttpResult call(String serviceType, ServiceCall build) throws ControlPlaneException, InterruptedException {
        KeystoneToken t = token();
        HttpResult r = http.send(build.build(endpoint(t, serviceType), t).header("X-Auth-Token", t.id()));
        if (r.status() != 401) return r;
        LOG.info("{} answered 401: authenticating again with keystone", serviceType);
        invalidate(t);
        t = token();
        return http.send(build.build(endpoint(t, serviceType), t).header("X-Auth-Token", t.id()));
    }

    private KeystoneToken authenticate() throws ControlPlaneException, InterruptedException {
        if (!credentials.complete()) throw new ControlPlaneException("keystone credentials incomplete", 0);
        URI url = URI.create(v3Url(credentials.authUrl()) + "/auth/tokens");
        ObjectNode body = Json.object();
        ObjectNode auth = body.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("password", credentials.password().value());
        user.put("id", credentials.userId());
        auth.putObject("scope").putObject("project").put("id", credentials.projectId());
        HttpCall call = HttpCall.of("POST", url, timeout)
                .header("Accept", "application/json")
                .json(body);
        Instant before = clock.instant();
        HttpResult r = http.send(call);
        if (!r.isSuccess()) {
            throw new ControlPlaneException("HTTP " + r.status() + " from " + call.describe(), r.status());
        }
        String id = r.header("X-Subject-Token")
                .orElseThrow(() -> new ControlPlaneException(
                        "no X-Subject-Token in the answer to " + call.describe(), r.status()));
        JsonNode tok;
        try {
            tok = r.json().path("token");
        } catch (java.io.IOException e) {
            throw new ControlPlaneException(e.getMessage() + ": " + call.describe(), r.status());
        }
        Instant issued = instant(tok.path("issued_at"), before);
        Instant expires = instant(tok.path("expires_at"), before.plus(Duration.ofHours(1)));
        Duration lifetime = Duration.between(issued, expires);
        if (lifetime.isNegative()) lifetime = Duration.ZERO;
        Duration margin = lifetime.dividedBy(10);
        if (margin.compareTo(MAX_MARGIN) > 0) margin = MAX_MARGIN;
        // Our clock and keystone's may disagree: count the lifetime from our own clock.
        Instant refreshAt = before.plus(lifetime).minus(margin);
        List<KeystoneToken.Endpoint> endpoints = new ArrayList<>();
        for (JsonNode svc : tok.path("catalog")) {
            String type = svc.path("type").asText();
            for (JsonNode ep : svc.path("endpoints")) {
                String region = ep.hasNonNull("region_id")
                        ? ep.get("region_id").asText()
                        : ep.path("region").asText(null);
                try {
                    endpoints.add(new KeystoneToken.Endpoint(
                            type,
                            ep.path("interface").asText(),
                            region,
                            URI.create(ep.path("url").asText())));
                } catch (IllegalArgumentException e) {
                    LOG.warn("keystone catalog: ignoring the malformed {} endpoint", type);
                }
            }
        }
        LOG.debug("keystone token issued for user {} (expires {})", credentials.userId(), expires);
        return new KeystoneToken(id, issued, expires, refreshAt, endpoints);
    }

    private static Instant instant(JsonNode node, Instant fallback) {
        if (!node.isTextual()) return fallback;
        try {
            return OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(node.textValue() + "Z");
            } catch (DateTimeParseException e2) {
                return fallback;
            }
        }
    }
}
