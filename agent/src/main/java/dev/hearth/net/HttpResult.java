package dev.hearth.net;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.config.AgentConfig;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A control plane's answer: status, headers (names case-insensitive) and the whole body. */
// Bytes passed through as they are: never compared, hashed or printed as a record, so the
// array-by-identity equality the check warns about does not matter here.
@SuppressWarnings("ArrayRecordComponent")
public record HttpResult(int status, Map<String, List<String>> headers, byte[] body) {
    /** Answers are parsed within the default document token limit: their tree stays bounded whatever their shape. */
    private static final ObjectMapper ANSWERS = capped();

    public HttpResult {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = h;
        body = body == null ? new byte[0] : body;
    }

    private static ObjectMapper capped() {
        ObjectMapper m = Json.mapper().copy();
        m.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxTokenCount(AgentConfig.Limits.DEFAULT_MAX_JSON_TOKENS)
                        .build());
        return m;
    }

    /**
     * JSON carried inside an answer (e.g. CFN metadata in XML), parsed within the same token limit.
     *
     * @throws StreamConstraintsException over the limit
     */
    public static JsonNode parseEmbedded(String json) throws IOException {
        return ANSWERS.readTree(json);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON; a body that is not JSON is an {@link IOException} without the body's text. */
    public JsonNode json() throws IOException {
        try {
            return ANSWERS.readTree(body);
        } catch (StreamConstraintsException e) {
            if (!Json.isTokenCountLimit(e))
                throw new IOException("answer is not JSON this agent reads (HTTP " + status + ", " + body.length
                        + " bytes): " + Json.problem(e).getMessage());
            throw new IOException("answer has more than " + AgentConfig.Limits.DEFAULT_MAX_JSON_TOKENS
                    + " JSON tokens (HTTP " + status + ", " + body.length + " bytes)");
        } catch (IOException e) {
            throw new IOException("answer is not valid JSON (HTTP " + status + ", " + body.length + " bytes)");
        }
    }
}
