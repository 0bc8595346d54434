package dev.hearth.json;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A JSON or YAML document that cannot be read. The message says where (line, column and, when known,
 * the path of the value being read) and what was expected, and never quotes the document: documents
 * carry credentials, and these messages reach logs, markers and Heat. The parser's own exception is
 * deliberately not kept as the cause, because its message may quote the input.
 */
public final class DocumentException extends UncheckedIOException {
    private final int line;
    private final int column;
    private final String path;
    private final String problem;

    public DocumentException(int line, int column, String path, String problem) {
        this(where(line, column, path) + problem, line, column, path, problem);
    }

    private DocumentException(String message, int line, int column, String path, String problem) {
        super(message, new IOException(message));
        this.line = line;
        this.column = column;
        this.path = path;
        this.problem = problem;
    }

    /** The path of the value being read ({@code $.a.b[0]}), or null when the problem is not in a value. */
    public String path() {
        return path;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }

    /** 1-based; 0 when the parser did not say. */
    public int line() {
        return line;
    }

    /** 1-based; 0 when the parser did not say. */
    public int column() {
        return column;
    }

    private static String where(int line, int column, String path) {
        StringBuilder s = new StringBuilder();
        if (line > 0) s.append("line ").append(line).append(", column ").append(column);
        if (path != null && !path.isEmpty() && !path.equals("$")) {
            s.append(s.isEmpty() ? "at " : " (at ").append(path).append(line > 0 ? ")" : "");
        }
        return s.isEmpty() ? "" : s.append(": ").toString();
    }
}
