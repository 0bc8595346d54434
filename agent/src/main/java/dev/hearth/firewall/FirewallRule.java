package dev.hearth.firewall;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of a service's {@code firewall_rules} for one IP version, as the host's firewall tool takes
 * it (docs/roles.md#firewall-rules). Its comment, {@code "<name> <ipversion>"}, is how it is found
 * again in the chain.
 *
 * @param service  the service that gave it
 * @param name     the rule's name, a number then a text ({@code 100 mysql_haproxy}); the number orders it
 * @param version  {@code ipv4} (iptables) or {@code ipv6} (ip6tables)
 * @param table    {@code filter} unless the rule names another
 * @param chain    {@code INPUT} unless the rule names another
 * @param matches  the rule's arguments after the chain: matches, the comment, then {@code -j TARGET}
 * @param present  false for a rule given with {@code extras: {ensure: absent}}: removed, never inserted
 */
public record FirewallRule(
        String service,
        String name,
        String version,
        String table,
        String chain,
        List<String> matches,
        boolean present) {
    /** What {@link #name} must look like: TripleO orders rules by this number. */
    static final Pattern NAME = Pattern.compile("(\\d{1,9}) (\\S.{0,200})");
    /** The comment of a rule a tool managing by name made: name, then the IP version. */
    private static final Pattern COMMENT = Pattern.compile("(\\d{1,9}) (\\S.*) (ipv4|ipv6)");

    /** By number, then by the rest of the name: the order the rules have in their chain. */
    public static final Comparator<String> ORDER =
            Comparator.comparingLong(FirewallRule::number).thenComparing(FirewallRule::text);

    public FirewallRule {
        matches = List.copyOf(matches);
    }

    public String comment() {
        return name + " " + version;
    }

    /** The program for this rule's IP version. */
    public String program() {
        return version.equals("ipv6") ? "ip6tables" : "iptables";
    }

    /** How the rule reads in a summary: its comment, program, table and chain, then its arguments. */
    public String describe() {
        return "\"" + comment() + "\" (" + program() + " -t " + table + " " + chain + " " + String.join(" ", matches)
                + ")";
    }

    /** The rule name in a managed comment ({@code "100 mysql ipv4"} gives {@code "100 mysql"}), or null. */
    static String nameOfComment(String comment) {
        Matcher m = COMMENT.matcher(comment);
        return m.matches() ? m.group(1) + " " + m.group(2) : null;
    }

    private static long number(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    private static String text(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? m.group(2) : name;
    }
}
