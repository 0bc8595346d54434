package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;

/** The {@code error} (and {@code path}) of the API's JSON error answers, for messages. */
final class ApiErrors {
    private ApiErrors() {}

    static String message(String body) {
        try {
            JsonNode n = Json.mapper().readTree(body);
            if (n != null && n.hasNonNull("error")) {
                String msg = n.get("error").asText();
                if (n.hasNonNull("path") && !msg.startsWith(n.get("path").asText()))
                    msg += " (at " + n.get("path").asText() + ")";
                if (n.hasNonNull("line"))
                    msg += " (line " + n.get("line").asInt() + ", column "
                            + n.path("column").asInt() + ")";
                return msg;
            }
        } catch (Exception e) {
            // not JSON: show it as it is
        }
        String b = body == null ? "" : body.strip();
        return b.isEmpty() ? "(no message)" : b.length() > 500 ? b.substring(0, 500) + "…" : b;
    }
}
