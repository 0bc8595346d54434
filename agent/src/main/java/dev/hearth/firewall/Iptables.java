package dev.hearth.firewall;

import dev.hearth.process.ProcessResult;
import dev.hearth.process.ProcessRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way to the host's firewall: {@code iptables} for IPv4 and {@code ip6tables} for IPv6, run
 * through {@link ProcessRunner} so they carry Hearth's process mark like every process it starts.
 * It works on whatever network namespace Hearth runs in.
 */
public final class Iptables {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final Map<String, String> programs;
    /** Made on the first command: a deploy without firewall rules runs none. */
    private ProcessRunner runner;

    /** @param programs IP version ({@code ipv4}, {@code ipv6}) → the program for it */
    public Iptables(Map<String, String> programs) {
        this.programs = Map.copyOf(programs);
    }

    public static Iptables host() {
        return new Iptables(Map.of("ipv4", "iptables", "ipv6", "ip6tables"));
    }

    public boolean chainExists(String version, String table, String chain) {
        return exec(version, List.of("-t", table, "-S", chain)).code() == 0;
    }

    public void newChain(String version, String table, String chain) {
        run(version, List.of("-t", table, "-N", chain));
    }

    /** The chain's rules as {@code -S} prints them ({@code -A CHAIN ...}), in order; position n is index n-1. */
    public List<String> rules(String version, String table, String chain) {
        String out = run(version, List.of("-t", table, "-S", chain));
        List<String> rules = new ArrayList<>();
        out.lines().filter(l -> l.startsWith("-A ")).forEach(rules::add);
        return rules;
    }

    /** Whether the chain holds exactly this rule ({@code -C}). */
    public boolean exists(FirewallRule rule) {
        List<String> args = new ArrayList<>(List.of("-t", rule.table(), "-C", rule.chain()));
        args.addAll(rule.matches());
        Result r = exec(rule.version(), args);
        if (r.code() == 0) return true;
        if (r.code() == 1) return false;
        throw failed(rule.version(), args, r);
    }

    /** Inserts the rule at {@code position} (1 is the chain's first). */
    public void insert(FirewallRule rule, int position) {
        List<String> args = new ArrayList<>(List.of("-t", rule.table(), "-I", rule.chain(), String.valueOf(position)));
        args.addAll(rule.matches());
        run(rule.version(), args);
    }

    /** Deletes the chain's rule at {@code position}. */
    public void delete(String version, String table, String chain, int position) {
        run(version, List.of("-t", table, "-D", chain, String.valueOf(position)));
    }

    private String run(String version, List<String> args) {
        Result r = exec(version, args);
        if (r.code() != 0) throw failed(version, args, r);
        return r.stdout();
    }

    private IllegalStateException failed(String version, List<String> args, Result r) {
        return new IllegalStateException(program(version) + " " + String.join(" ", args) + " exited " + r.code() + ": "
                + r.stderr().strip());
    }

    private String program(String version) {
        String p = programs.get(version);
        if (p == null) throw new IllegalArgumentException("no firewall program for " + version);
        return p;
    }

    private record Result(int code, String stdout, String stderr) {}

    private Result exec(String version, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(program(version));
        // wait for the xtables lock rather than fail when another tool (docker, libvirt) holds it
        cmd.add("-w");
        cmd.addAll(args);
        ProcessResult r = runner().runTool(cmd, Map.of(), TIMEOUT);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    private synchronized ProcessRunner runner() {
        if (runner == null) runner = new ProcessRunner();
        return runner;
    }
}
