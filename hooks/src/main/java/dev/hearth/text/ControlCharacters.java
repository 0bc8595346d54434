package dev.hearth.text;

/**
 * Makes text from a document safe to print on one line: characters that end a line, move the cursor,
 * start a terminal escape sequence or reorder text (C0 and C1 controls, DEL, U+2028/U+2029, bidi
 * overrides) are written as visible escapes ({@code \r}, {@code \n}, {@code \t}, {@code \x1b},
 * {@code \u2028}). A deployment name holding "\r" then cannot forge a log line or a row of a table.
 * Backslashes are left alone: the escapes are for a reader, not for parsing back.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    public static String escape(String text) {
        if (text == null) return null;
        int first = firstToEscape(text);
        if (first < 0) return text;
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x80) out.append(String.format("\\x%02x", (int) c));
                    else out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out.toString();
    }

    /** Whether {@code text} holds anything {@link #escape} would change. */
    public static boolean present(String text) {
        return text != null && firstToEscape(text) >= 0;
    }

    private static int firstToEscape(String text) {
        for (int i = 0; i < text.length(); i++) if (needsEscape(text.charAt(i))) return i;
        return -1;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20
                || c == 0x7f
                || (c >= 0x80 && c <= 0x9f) // C1 controls, NEL (U+0085) among them
                || c == '\u2028'
                || c == '\u2029' // line and paragraph separators
                || (c >= '\u202a' && c <= '\u202e') // bidi embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069') // bidi isolates
                || c == '\u200e'
                || c == '\u200f'
                || c == '\u061c'; // direction marks
    }
}
