package dev.hearth.role;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tasks of a role playbook ({@link RolePlaybook}) that would run at a step, by name, for
 * {@code hearth deploy --check}. TripleO's tasks choose their step with a {@code when} such as
 * {@code step|int == 2}; a task whose conditions compare the step with a number that rules this step
 * out is left out. Any other condition cannot be decided without running ansible, so its task is
 * listed (it may still be skipped when the playbook runs).
 */
final class PlaybookTasks {
    private static final Pattern STEP_TEST =
            Pattern.compile("\\bstep\\s*(?:\\|\\s*int\\s*)?(==|!=|>=|<=|>|<)\\s*(\\d+)");

    private PlaybookTasks() {}

    /** @param step the step's number, or null for a playbook without one (host_prep_tasks) */
    static List<String> names(JsonNode playbook, Integer step) {
        List<String> out = new ArrayList<>();
        for (JsonNode play : playbook) tasks(play.path("tasks"), step, out);
        return out;
    }

    private static void tasks(JsonNode tasks, Integer step, List<String> out) {
        for (JsonNode t : tasks) {
            if (step != null && excludes(t.get("when"), step)) continue;
            boolean block = t.has("block");
            if (t.hasNonNull("name")) out.add(t.get("name").asText());
            else if (block) tasks(t.get("block"), step, out);
            else out.add("(unnamed " + module(t) + " task)");
        }
    }

    private static String module(JsonNode t) {
        for (var it = t.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!List.of("when", "vars", "register", "tags", "become", "with_items", "loop", "notify")
                    .contains(k)) return k;
        }
        return "?";
    }

    /** Whether a task's {@code when} (a string or a list, all of which must hold) rules {@code step} out. */
    static boolean excludes(JsonNode when, int step) {
        if (when == null) return false;
        if (when.isArray()) {
            for (JsonNode c : when) if (excludes(c, step)) return true;
            return false;
        }
        if (!when.isTextual()) return false;
        String c = when.asText();
        if (c.matches("(?s).*\\b(or|not)\\b.*")) return false;
        Matcher m = STEP_TEST.matcher(c);
        while (m.find()) {
            int v = Integer.parseInt(m.group(2));
            boolean holds = switch (m.group(1)) {
                case "==" -> step == v;
                case "!=" -> step != v;
                case ">=" -> step >= v;
                case "<=" -> step <= v;
                case ">" -> step > v;
                default -> step < v;
            };
            if (!holds) return true;
        }
        return false;
    }
}
