package dev.hearth.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a role's firewall rules into their chains as TripleO's firewall role does
 * (docs/roles.md#firewall-rules): a rule already there (checked with {@code -C}) is left alone; a
 * rule whose comment is there with other settings is replaced; a new rule is inserted after the
 * last rule of the chain whose name has a lower number, or first when there is none, so the rules
 * keep their names' order among the chain's existing rules; a rule given as absent is removed.
 * {@link #check} decides the same without changing anything.
 */
public final class FirewallApplier {
    private static final Pattern COMMENT = Pattern.compile("--comment (\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+))");

    private final Iptables iptables;

    public FirewallApplier(Iptables iptables) {
        this.iptables = iptables;
    }

    /** Applies the rules; returns one line per change (nothing when every rule was in place). */
    public List<String> apply(List<FirewallRule> rules) {
        List<String> changes = new ArrayList<>();
        for (FirewallRule r : ordered(rules)) {
            if (!iptables.chainExists(r.version(), r.table(), r.chain())) {
                if (!r.present()) continue;
                iptables.newChain(r.version(), r.table(), r.chain());
                changes.add("+ chain " + r.chain() + " (" + r.program() + " -t " + r.table() + ")");
            }
            if (r.present() && iptables.exists(r)) continue;
            List<String> listed = iptables.rules(r.version(), r.table(), r.chain());
            List<Integer> same = positions(listed, r.comment());
            // from the last, so the positions before it stay valid
            for (int i = same.size() - 1; i >= 0; i--) iptables.delete(r.version(), r.table(), r.chain(), same.get(i));
            if (!r.present()) {
                if (!same.isEmpty()) changes.add("- removed " + r.describe());
                continue;
            }
            if (!same.isEmpty()) listed = iptables.rules(r.version(), r.table(), r.chain());
            int at = position(listed, r.name());
            iptables.insert(r, at);
            changes.add((same.isEmpty() ? "+ inserted at " : "~ replaced, at ") + at + " " + r.describe());
        }
        return changes;
    }

    /** What {@link #apply} would do, one line per rule: {@code +} insert, {@code ~} replace, {@code -} remove, {@code =} in place. */
    public List<String> check(List<FirewallRule> rules) {
        List<String> lines = new ArrayList<>();
        for (FirewallRule r : ordered(rules)) {
            if (!iptables.chainExists(r.version(), r.table(), r.chain())) {
                if (r.present()) lines.add("+ would create chain " + r.chain() + " and insert " + r.describe());
                continue;
            }
            if (r.present() && iptables.exists(r)) {
                lines.add("= exists " + r.describe());
                continue;
            }
            boolean there = !positions(iptables.rules(r.version(), r.table(), r.chain()), r.comment())
                    .isEmpty();
            if (!r.present()) {
                if (there) lines.add("- would remove " + r.describe());
            } else {
                lines.add((there ? "~ would replace " : "+ would insert ") + r.describe());
            }
        }
        return lines;
    }

    /** Lowest number first, so each insertion finds the ones before it in place. */
    static List<FirewallRule> ordered(List<FirewallRule> rules) {
        List<FirewallRule> out = new ArrayList<>(rules);
        out.sort((a, b) -> FirewallRule.ORDER.compare(a.name(), b.name()));
        return out;
    }

    /** Where a rule named {@code name} goes: after the last listed rule whose name sorts before it, else first. */
    static int position(List<String> listed, String name) {
        int at = 1;
        for (int i = 0; i < listed.size(); i++) {
            String c = comment(listed.get(i));
            String other = c == null ? null : FirewallRule.nameOfComment(c);
            if (other != null && FirewallRule.ORDER.compare(other, name) < 0) at = i + 2;
        }
        return at;
    }

    /** The 1-based positions of the listed rules with exactly this comment. */
    static List<Integer> positions(List<String> listed, String comment) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            if (comment.equals(comment(listed.get(i)))) out.add(i + 1);
        }
        return out;
    }

    /** The comment of a rule as {@code -S} prints it, or null. */
    static String comment(String rule) {
        Matcher m = COMMENT.matcher(rule);
        if (!m.find()) return null;
        return m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
    }
}
