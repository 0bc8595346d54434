package dev.hearth.hook.external;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code str()} of a JSON value, the way 55-heat-config turns non-string values of
 * {@code String}-typed inputs into strings before an external (Python) hook sees them (docs/heat-protocol.md#hook-contract):
 * true → "True", null → "None", {"a": 1} → "{'a': 1}".
 */
final class PythonStr {
    private PythonStr() {}

    static String of(JsonNode v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v, true);
        return sb.toString();
    }

    private static void append(StringBuilder sb, JsonNode v, boolean top) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            sb.append("None");
        } else if (v.isBoolean()) {
            sb.append(v.booleanValue() ? "True" : "False");
        } else if (v.isTextual()) {
            if (top) sb.append(v.textValue());
            else repr(sb, v.textValue());
        } else if (v.isNumber()) {
            sb.append(v.asText());
        } else if (v.isArray()) {
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) sb.append(", ");
                append(sb, v.get(i), false);
            }
            sb.append(']');
        } else {
            sb.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) sb.append(", ");
                first = false;
                repr(sb, e.getKey());
                sb.append(": ");
                append(sb, e.getValue(), false);
            }
            sb.append('}');
        }
    }

    private static void repr(StringBuilder sb, String s) {
        char quote = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        sb.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c == quote) sb.append('\\');
                    sb.append(c);
                }
            }
        }
        sb.append(quote);
    }
}
