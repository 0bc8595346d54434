package dev.hearth.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An answer before it becomes a netty response: status, body, content type and extra headers. */
// Bytes passed through as they are: never compared, hashed or printed as a record, so the
// array-by-identity equality the check warns about does not matter here.
@SuppressWarnings("ArrayRecordComponent")
record Reply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";

    static Reply json(HttpResponseStatus status, Object value) {
        return new Reply(status, JSON, HttpJson.bytes(value), Map.of());
    }

    static Reply error(HttpResponseStatus status, String message) {
        ObjectNode body = HttpJson.object().put("error", message);
        return json(status, body);
    }

    static Reply text(HttpResponseStatus status, String contentType, String text) {
        return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Reply withHeader(String name, String value) {
        var h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(h));
    }
}
