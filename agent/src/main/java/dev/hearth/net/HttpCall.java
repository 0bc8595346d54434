package dev.hearth.net;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import dev.hearth.secret.Secrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request to the control plane. Its {@code toString} masks URL signatures and token headers,
 * so it may be logged.
 *
 * @param body    null for no body
 * @param timeout the whole request's time limit (connect to last byte)
 */
// Bytes passed through as they are: never compared, hashed or printed as a record, so the
// array-by-identity equality the check warns about does not matter here.
@SuppressWarnings("ArrayRecordComponent")
public record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static HttpCall of(String method, URI uri, Duration timeout) {
        return new HttpCall(method, uri, Map.of(), null, timeout);
    }

    public static HttpCall get(URI uri, Duration timeout) {
        return of("GET", uri, timeout);
    }

    public HttpCall header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpCall(method, uri, h, body, timeout);
    }

    /** The node serialised as the body, with {@code Content-Type: application/json}. */
    public HttpCall json(JsonNode node) {
        return header("Content-Type", "application/json").body(Json.write(node).getBytes(StandardCharsets.UTF_8));
    }

    public HttpCall body(byte[] bytes) {
        return new HttpCall(method, uri, headers, bytes, timeout);
    }

    /** {@code METHOD url} with signatures masked: safe for logs and messages. */
    public String describe() {
        return method + " " + Secrets.maskPatterns(uri.toString());
    }

    @Override
    public String toString() {
        return describe();
    }
}
