package dev.hearth.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a service's {@code firewall_rules} (rule name → settings) into {@link FirewallRule}s, one per
 * IP version, with TripleO's defaults: {@code proto} tcp, {@code action} accept, {@code state} NEW
 * (none for gre), chain INPUT in table filter, both IP versions unless {@code ipversion} or an address
 * in {@code source} / {@code destination} says which. Keys it does not support are refused by their
 * path, never dropped (docs/roles.md#firewall-rules).
 */
public final class FirewallRules {
    /** Every key a rule may have. */
    public static final Set<String> KEYS = Set.of(
            "dport",
            "port",
            "sport",
            "proto",
            "action",
            "jump",
            "source",
            "destination",
            "state",
            "ipversion",
            "interface",
            "iniface",
            "chain",
            "table",
            "limit",
            "limit_burst",
            "extras");

    private static final List<String> VERSIONS = List.of("ipv4", "ipv6");
    private static final Set<String> PORT_PROTOCOLS = Set.of("tcp", "udp", "udplite", "sctp", "dccp");
    private static final Set<String> TABLES = Set.of("filter", "nat", "mangle", "raw", "security");
    private static final Set<String> STATES =
            Set.of("NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED", "SNAT", "DNAT");
    private static final Map<String, String> ACTIONS = Map.of("accept", "ACCEPT", "drop", "DROP", "reject", "REJECT");
    private static final Map<String, Boolean> ENSURE =
            Map.of("present", true, "enabled", true, "absent", false, "disabled", false);
    private static final Pattern PROTO = Pattern.compile("[a-z][a-z0-9-]{0,19}|[0-9]{1,3}");
    private static final Pattern CHAIN = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,27}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.@-]{1,15}\\+?");
    private static final Pattern PORT = Pattern.compile("(\\d{1,5})(?:[-:](\\d{1,5}))?");
    private static final Pattern LIMIT = Pattern.compile("\\d{1,6}/(second|minute|hour|day|sec|min|s|m|h|d)");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)(/(3[0-2]|[12]?\\d))?");
    private static final Pattern IPV6 =
            Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/(12[0-8]|1[01]\\d|[1-9]?\\d))?");
    /** multiport's limit: a range counts as two. */
    private static final int MAX_PORTS = 15;

    private FirewallRules() {}

    /**
     * The rules of one service, in the order given, each rule once per IP version it applies to.
     *
     * @param rules the output's value: a map of rule name → settings (null or empty: no rules)
     * @param at    its path, for messages
     */
    public static List<FirewallRule> parse(String service, JsonNode rules, String at) {
        List<FirewallRule> out = new ArrayList<>();
        if (rules == null || rules.isNull()) return out;
        if (!rules.isObject()) throw new FirewallRuleException(at, "must be a map of rule name to settings");
        for (Map.Entry<String, JsonNode> e : rules.properties()) {
            out.addAll(rule(service, e.getKey(), e.getValue(), at + "['" + e.getKey() + "']"));
        }
        return out;
    }

    private static List<FirewallRule> rule(String service, String name, JsonNode rule, String at) {
        if (!FirewallRule.NAME.matcher(name).matches()) {
            throw new FirewallRuleException(
                    at,
                    "a rule name must be a number, a space and a text (e.g. '100 mysql'):"
                            + " the number orders the rules");
        }
        if (rule != null && !rule.isNull() && !rule.isObject()) throw new FirewallRuleException(at, "must be a map");
        JsonNode r = rule == null || rule.isNull() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : rule;
        for (var it = r.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new FirewallRuleException(
                        at + "." + key,
                        "not supported by Hearth (a rule may have "
                                + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        boolean present = true;
        JsonNode extras = r.get("extras");
        if (extras != null && !extras.isNull()) {
            if (!extras.isObject()) throw new FirewallRuleException(at + ".extras", "must be a map");
            for (var e : extras.properties()) {
                if (!e.getKey().equals("ensure")) {
                    throw new FirewallRuleException(
                            at + ".extras." + e.getKey(), "not supported by Hearth (extras may have ensure only)");
                }
                String v = word(e.getValue(), at + ".extras.ensure");
                Boolean p = v == null ? null : ENSURE.get(v.toLowerCase(Locale.ROOT));
                if (p == null) throw new FirewallRuleException(at + ".extras.ensure", "must be present or absent");
                present = p;
            }
        }
        String proto = lower(word(r.get("proto"), at + ".proto"));
        if (proto == null) proto = "tcp";
        if (!PROTO.matcher(proto).matches()) throw new FirewallRuleException(at + ".proto", "must be a protocol name");
        String table = lower(word(r.get("table"), at + ".table"));
        if (table == null) table = "filter";
        if (!TABLES.contains(table)) throw new FirewallRuleException(at + ".table", "must be one of " + sorted(TABLES));
        String chain = word(r.get("chain"), at + ".chain");
        if (chain == null) chain = "INPUT";
        if (!CHAIN.matcher(chain).matches()) throw new FirewallRuleException(at + ".chain", "must be a chain name");
        String target;
        String action = lower(word(r.get("action"), at + ".action"));
        if (action == null) target = "ACCEPT";
        else if (ACTIONS.containsKey(action)) target = ACTIONS.get(action);
        else throw new FirewallRuleException(at + ".action", "must be accept, drop or reject");
        String jump = word(r.get("jump"), at + ".jump");
        if (jump != null) {
            if (!CHAIN.matcher(jump).matches())
                throw new FirewallRuleException(at + ".jump", "must be a target or chain name");
            target = jump;
        }

        Set<String> versions = new LinkedHashSet<>();
        JsonNode iv = r.get("ipversion");
        if (iv == null || iv.isNull()) {
            versions.addAll(VERSIONS);
        } else {
            for (String v : words(iv, at + ".ipversion")) {
                if (!VERSIONS.contains(v))
                    throw new FirewallRuleException(at + ".ipversion", "must be ipv4, ipv6 or both");
                versions.add(v);
            }
            if (versions.isEmpty()) throw new FirewallRuleException(at + ".ipversion", "must name ipv4, ipv6 or both");
        }
        String source = address(r.get("source"), at + ".source", versions);
        String destination = address(r.get("destination"), at + ".destination", versions);

        List<String> args = new ArrayList<>();
        if (source != null) args.addAll(List.of("-s", source));
        if (destination != null) args.addAll(List.of("-d", destination));
        String iface = word(r.get("interface"), at + ".interface");
        String iniface = word(r.get("iniface"), at + ".iniface");
        if (iface != null && iniface != null)
            throw new FirewallRuleException(at + ".iniface", "give interface or iniface, not both");
        if (iniface != null) iface = iniface;
        if (iface != null) {
            if (!INTERFACE.matcher(iface).matches())
                throw new FirewallRuleException(
                        at + (iniface != null ? ".iniface" : ".interface"), "must be an interface name");
            args.addAll(List.of("-i", iface));
        }
        args.addAll(List.of("-p", proto));
        String sports = ports(r.get("sport"), at + ".sport", proto);
        if (sports != null) args.addAll(List.of("-m", "multiport", "--sports", sports));
        if (r.has("dport") && r.has("port"))
            throw new FirewallRuleException(at + ".port", "give dport or port (its old name), not both");
        String dportKey = r.has("port") ? "port" : "dport";
        String dports = ports(r.get(dportKey), at + "." + dportKey, proto);
        if (dports != null) args.addAll(List.of("-m", "multiport", "--dports", dports));
        List<String> states = new ArrayList<>();
        JsonNode st = r.get("state");
        if (st == null || st.isNull()) {
            if (!proto.equals("gre")) states.add("NEW");
        } else {
            for (String s : words(st, at + ".state")) {
                String u = s.toUpperCase(Locale.ROOT);
                if (!STATES.contains(u))
                    throw new FirewallRuleException(at + ".state", "must be among " + sorted(STATES));
                if (!states.contains(u)) states.add(u);
            }
        }
        if (!states.isEmpty()) args.addAll(List.of("-m", "conntrack", "--ctstate", String.join(",", states)));
        String limit = word(r.get("limit"), at + ".limit");
        JsonNode burst = r.get("limit_burst");
        if (limit != null || (burst != null && !burst.isNull())) {
            args.addAll(List.of("-m", "limit"));
            if (limit != null) {
                if (!LIMIT.matcher(limit).matches())
                    throw new FirewallRuleException(at + ".limit", "must be a rate such as 20/min");
                args.addAll(List.of("--limit", limit));
            }
            if (burst != null && !burst.isNull()) {
                String b = word(burst, at + ".limit_burst");
                if (b == null || !b.matches("\\d{1,5}") || Integer.parseInt(b) < 1)
                    throw new FirewallRuleException(at + ".limit_burst", "must be a whole number from 1");
                args.addAll(List.of("--limit-burst", b));
            }
        }
        List<FirewallRule> out = new ArrayList<>();
        for (String v : versions) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("-m", "comment", "--comment", name + " " + v, "-j", target));
            out.add(new FirewallRule(service, name, v, table, chain, all, present));
        }
        return out;
    }

    /**
     * An address or network; it keeps only the IP versions it belongs to, as TripleO does. An address
     * of a version the rule's {@code ipversion} excludes is refused (TripleO drops such a rule without a word).
     */
    private static String address(JsonNode v, String at, Set<String> versions) {
        String a = word(v, at);
        if (a == null) return null;
        String version;
        if (IPV4.matcher(a).matches()) version = "ipv4";
        else if (IPV6.matcher(a).matches()) version = "ipv6";
        else throw new FirewallRuleException(at, "must be an IPv4 or IPv6 address or network (a.b.c.d/n, x:y::z/n)");
        if (!versions.contains(version)) {
            throw new FirewallRuleException(
                    at,
                    "is an " + (version.equals("ipv4") ? "IPv4" : "IPv6")
                            + " address but the rule's ipversion excludes it");
        }
        versions.retainAll(Set.of(version));
        return a;
    }

    /** Ports and ranges ({@code 80}, {@code '8000-8080'}, a list) as multiport takes them. */
    private static String ports(JsonNode v, String at, String proto) {
        if (v == null || v.isNull()) return null;
        List<String> given = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isValueNode() || e.isNull())
                    throw new FirewallRuleException(at, "must be a port, a range or a list of them");
                given.add(e.asText().strip());
            }
        } else if (v.isValueNode()) {
            given.add(v.asText().strip());
        } else {
            throw new FirewallRuleException(at, "must be a port, a range or a list of them");
        }
        if (given.isEmpty()) return null;
        if (!PORT_PROTOCOLS.contains(proto)) {
            throw new FirewallRuleException(at, "ports need proto " + sorted(PORT_PROTOCOLS));
        }
        List<String> out = new ArrayList<>();
        int count = 0;
        for (String p : given) {
            var m = PORT.matcher(p);
            if (!m.matches()) throw new FirewallRuleException(at, "must be a port, a range (a-b) or a list of them");
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (from > 65535 || to > 65535 || to < from)
                throw new FirewallRuleException(at, "ports go from 0 to 65535, a range from low to high");
            out.add(from == to && m.group(2) == null ? String.valueOf(from) : from + ":" + to);
            count += m.group(2) == null ? 1 : 2;
        }
        if (count > MAX_PORTS) {
            throw new FirewallRuleException(
                    at, "at most " + MAX_PORTS + " ports in one rule (a range counts as two):" + " split the rule");
        }
        return String.join(",", out);
    }

    private static String word(JsonNode v, String at) {
        if (v == null || v.isNull()) return null;
        if (!v.isValueNode()) throw new FirewallRuleException(at, "must be a single value");
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    private static List<String> words(JsonNode v, String at) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                String w = word(e, at);
                if (w != null) out.add(w);
            }
        } else {
            String w = word(v, at);
            if (w != null) out.add(w);
        }
        return out;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String sorted(Set<String> s) {
        return String.join(", ", s.stream().sorted().toList());
    }
}
