package dev.hearth.ansible;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the default stdout callback's text: which task failed, and the tail worth showing. */
public final class AnsibleOutput {
    private static final Pattern HEADER = Pattern.compile("^(?:TASK|RUNNING HANDLER) \\[(.*)\\] \\**\\s*$");
    private static final Pattern FAILURE =
            Pattern.compile("^(?:fatal: \\[[^\\]]*\\]: (?:FAILED!|UNREACHABLE!)|failed: \\[[^\\]]*\\]).*");

    private AnsibleOutput() {}

    /**
     * The name of the last task whose failure was not ignored ({@code ...ignoring} on the next
     * line), as Ansible printed it in the task header; empty if no task failed (e.g. a syntax error).
     */
    public static Optional<String> failedTask(String stdout) {
        if (stdout == null || stdout.isEmpty()) return Optional.empty();
        String[] lines = stdout.split("\n", -1);
        String current = null;
        String failed = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                current = h.group(1);
            } else if (current != null && FAILURE.matcher(line).matches() && !ignoredAfter(lines, i)) {
                failed = current;
            }
        }
        return Optional.ofNullable(failed);
    }

    private static boolean ignoredAfter(String[] lines, int i) {
        for (int j = i + 1; j < lines.length && j <= i + 200; j++) {
            String l = lines[j].strip();
            if (l.equals("...ignoring")) return true;
            if (HEADER.matcher(lines[j].stripTrailing()).matches() || l.startsWith("PLAY ")) return false;
        }
        return false;
    }

    /** The last {@code maxLines} lines of {@code text}. */
    public static String tail(String text, int maxLines) {
        if (text == null || text.isEmpty()) return "";
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        int idx = t.length();
        for (int n = 0; n < maxLines; n++) {
            idx = t.lastIndexOf('\n', idx - 1);
            if (idx < 0) return t;
        }
        return t.substring(idx + 1);
    }
}
