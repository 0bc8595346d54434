package dev.hearth.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;

/**
 * What a hook answers: one JSON object with {@code deploy_stdout}, {@code deploy_stderr},
 * {@code deploy_status_code} and one key per declared output. Any other key is passed through
 * to Heat unchanged (external hooks may add their own).
 */
public record HookResponse(ObjectNode body) {

    public static final String STDOUT = "deploy_stdout";
    public static final String STDERR = "deploy_stderr";
    public static final String STATUS_CODE = "deploy_status_code";

    public HookResponse {
        body = body.deepCopy();
    }

    public static HookResponse of(String stdout, String stderr, int statusCode) {
        ObjectNode body = Json.object();
        body.put(STDOUT, stdout == null ? "" : stdout);
        body.put(STDERR, stderr == null ? "" : stderr);
        body.put(STATUS_CODE, statusCode);
        return new HookResponse(body);
    }

    /** A failed deployment whose reason is the whole stderr. */
    public static HookResponse failure(String reason) {
        return of("", reason, 1);
    }

    public HookResponse withOutput(String name, JsonNode value) {
        ObjectNode copy = body.deepCopy();
        copy.set(name, value);
        return new HookResponse(copy);
    }

    public String stdout() {
        return Json.asText(body.get(STDOUT));
    }

    public String stderr() {
        return Json.asText(body.get(STDERR));
    }

    /**
     * The status the way Heat reads it (docs/heat-protocol.md#how-heat-reads-a-signal): 0, "0", null, missing and ""
     * are success; anything else is a failure. Non-numeric failures count as 1.
     */
    public int statusCode() {
        JsonNode v = body.get(STATUS_CODE);
        if (v == null || v.isNull()) return 0;
        if (v.isIntegralNumber()) return v.intValue();
        String text = v.asText().trim();
        if (text.isEmpty() || text.equals("0")) return 0;
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public boolean succeeded() {
        return statusCode() == 0;
    }
}
