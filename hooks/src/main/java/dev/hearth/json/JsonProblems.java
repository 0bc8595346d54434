package dev.hearth.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Turns Jackson's exceptions into {@link DocumentException}s that name where and what, never the
 * content. Jackson quotes the offending token ("Unrecognized token 'hunter2'") and, for values of the
 * wrong type, the value itself; both are rewritten to the kind of thing that was found.
 */
final class JsonProblems {
    private static final Pattern CHARACTER =
            Pattern.compile("\\('.*?' \\(code \\d+\\)\\)|\\(\\(CTRL-CHAR, code \\d+\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("token '[^']*'(: was expecting \\(.*?'false'\\))?");
    private static final Pattern ESCAPE = Pattern.compile("escape '.*?' \\(code \\d+\\)");
    private static final Pattern START_MARKER =
            Pattern.compile("\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)", Pattern.DOTALL);
    private static final Pattern SOURCE = Pattern.compile("\\s*at \\[Source:.*", Pattern.DOTALL);
    private static final Pattern VALUE_OF_TYPE =
            Pattern.compile("from (String|Number|Integer value|Floating-point value)[^:]*:");
    private static final Pattern QUOTED = Pattern.compile("'[^'\\n]*'|\"[^\"\\n]*\"");

    private JsonProblems() {}

    static DocumentException describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
        int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
        String path = null;
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            path = path(m);
        } else if (e.getProcessor() instanceof JsonParser p) {
            path = path(p.getParsingContext());
        }
        return new DocumentException(line, column, path, what(e.getOriginalMessage()));
    }

    /** The parser's sentence with every piece of the input taken out. */
    static String what(String message) {
        if (message == null || message.isBlank()) return "not valid JSON";
        String s = START_MARKER.matcher(message).replaceAll("(opened at line $1, column $2)");
        s = SOURCE.matcher(s).replaceAll("");
        int nl = s.indexOf('\n');
        if (nl >= 0) s = s.substring(0, nl);
        s = CHARACTER.matcher(s).replaceAll("");
        s = TOKEN.matcher(s)
                .replaceAll("token: was expecting a JSON value (string, number, array, object, true, false or null)");
        s = ESCAPE.matcher(s).replaceAll("escape");
        s = VALUE_OF_TYPE.matcher(s).replaceAll("from $1:");
        // Whatever quoted piece is left (a field name in "Duplicate field 'x'", a value in a type
        // error) is input too; the path already names the field.
        s = QUOTED.matcher(s).replaceAll("(value not shown)");
        s = s.replace("  ", " ").replace(" :", ":").strip();
        return s.isEmpty() ? "not valid JSON" : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    static String path(JsonMappingException e) {
        StringBuilder s = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) s.append('.').append(r.getFieldName());
            else if (r.getIndex() >= 0) s.append('[').append(r.getIndex()).append(']');
        }
        return s.toString();
    }

    static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            else if (c.getCurrentName() != null) parts.push("." + c.getCurrentName());
        }
        return "$" + String.join("", parts);
    }
}
