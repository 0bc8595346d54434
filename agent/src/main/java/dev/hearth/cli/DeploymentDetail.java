package dev.hearth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.SignalStatus;
import dev.hearth.text.ControlCharacters;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code hearth status ID} prints: one deployment's fields, then the last lines of the output
 * its hook left (the agent keeps a masked tail of each stream; this shows its last {@code lines}).
 */
final class DeploymentDetail {
    static final String STDOUT_TAIL = "stdout_tail";
    static final String STDERR_TAIL = "stderr_tail";

    private DeploymentDetail() {}

    /** Every value comes from a document or a hook: escaped, so none can forge a line of its own. */
    static String render(DeploymentRecord r, int lines) {
        StringBuilder out = new StringBuilder();
        field(out, "id", r.id());
        field(out, "name", r.name());
        field(out, "group", r.group());
        field(out, "action", r.action());
        field(out, "source", r.source());
        field(out, "state", r.state() == null ? null : r.state().wire());
        field(out, "status code", r.statusCode() == null ? null : r.statusCode().toString());
        if (r.reason() != null) field(out, "reason", r.reason());
        field(out, "signal", signal(r.signal()));
        field(out, "queued", time(r.queuedAt()));
        field(out, "started", time(r.startedAt()));
        field(out, "finished", time(r.finishedAt()));
        output(out, "stdout", r.stdoutTail(), lines);
        output(out, "stderr", r.stderrTail(), lines);
        return out.toString();
    }

    /** The agent's answer with each output tail cut to its last {@code lines} (0: as the agent kept it). */
    static ObjectNode trimmed(ObjectNode record, int lines) {
        if (lines == 0) return record;
        ObjectNode copy = record.deepCopy();
        for (String key : List.of(STDOUT_TAIL, STDERR_TAIL)) {
            if (copy.hasNonNull(key) && copy.get(key).isTextual()) {
                List<String> last = lastLines(copy.get(key).textValue(), lines);
                copy.put(key, String.join("\n", last));
            }
        }
        return copy;
    }

    /** The last {@code n} lines of {@code text} (all when {@code n} is 0), without a final empty line. */
    static List<String> lastLines(String text, int n) {
        if (text == null || text.isEmpty()) return List.of();
        List<String> all = Arrays.asList(text.split("\n", -1));
        if (all.getLast().isEmpty()) all = all.subList(0, all.size() - 1);
        return n == 0 || all.size() <= n ? all : all.subList(all.size() - n, all.size());
    }

    private static void output(StringBuilder out, String stream, String tail, int lines) {
        List<String> all = lastLines(tail, 0);
        if (all.isEmpty()) {
            out.append(stream).append(": (none)\n");
            return;
        }
        List<String> shown = lastLines(tail, lines);
        out.append(stream);
        if (shown.size() < all.size())
            out.append(" (last ")
                    .append(shown.size())
                    .append(" of ")
                    .append(all.size())
                    .append(" lines)");
        out.append(":\n");
        for (String line : shown)
            out.append("  | ").append(ControlCharacters.escape(line)).append('\n');
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("%-12s ", name + ":"))
                .append(value == null || value.isEmpty() ? "-" : ControlCharacters.escape(value))
                .append('\n');
    }

    private static String signal(SignalStatus s) {
        if (s == null || s.state() == null) return null;
        StringBuilder b = new StringBuilder(s.state());
        if (s.transport() != null) b.append(" via ").append(s.transport());
        if (s.attempts() > 0) b.append(", ").append(s.attempts()).append(s.attempts() == 1 ? " attempt" : " attempts");
        if (s.lastError() != null) b.append(", last error: ").append(s.lastError());
        if (s.deliveredAt() != null) b.append(", delivered ").append(time(s.deliveredAt()));
        return b.toString();
    }

    private static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
