package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A role's firewall_rules applied by `hearth deploy` through the real launcher with the real
 * iptables and ip6tables, in a network namespace of the test's own (`ip netns`), so the machine's
 * own INPUT chain is never touched: rules inserted in their names' order among existing ones, a
 * second deploy changes nothing, a changed rule is replaced, IPv6 rules go through ip6tables,
 * `--check` lists what would be inserted and what exists, a bad rule is refused by its path, and
 * `firewall.apply: false` leaves the chain alone.
 */
class FirewallRulesTest {
    private static final Duration T = Duration.ofMinutes(4);
    private static final Pattern COMMENT = Pattern.compile("--comment \"([^\"]*)\"");

    @TempDir
    Path dir;

    private String netns;
    private Path agentYaml;

    @BeforeEach
    void setUp() throws Exception {
        netns = "hearth-fw-" + UUID.randomUUID().toString().substring(0, 8);
        run(List.of("ip", "netns", "add", netns), 0);
        agentYaml = dir.resolve("agent.yaml");
        Files.writeString(agentYaml, """
                state_dir: %1$s/state
                config_volumes:
                  prefix: %1$s/config-data
                  puppet_dir: %1$s/puppet
                  hiera_dir: %1$s/puppet/hieradata
                  kolla_dir: %1$s/kolla
                """.formatted(dir));
    }

    @AfterEach
    void tearDown() throws Exception {
        run(List.of("ip", "netns", "del", netns), 0);
    }

    private static final String ROLE = """
            role: fw
            services:
              - service_name: mysql
                role_data:
                  config_settings: {fw::mysql: 1}
                  firewall_rules:
                    '100 mysql':
                      dport: [3306, '4567-4568']
                    '999 drop all':
                      proto: all
                      action: drop
                      ipversion: ipv4
              - name: memcached
                config_settings: {fw::memcached: 1}
                firewall_rules:
                  '121 memcached':
                    dport: 11211
                    source: 10.0.0.0/8
                  '003 ssh v6':
                    dport: 22
                    ipversion: ipv6
                    proto: tcp
            """;

    @Test
    void rulesAreInsertedInOrderOnceAndReplacedWhenChangedIpv6ThroughIp6tables() throws Exception {
        // what the node had before: an unmanaged rule first, two managed ones around the role's numbers
        iptables("iptables", "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
        iptables(
                "iptables",
                "-A",
                "INPUT",
                "-p",
                "tcp",
                "--dport",
                "50",
                "-m",
                "comment",
                "--comment",
                "050 existing ipv4",
                "-j",
                "ACCEPT");
        iptables(
                "iptables",
                "-A",
                "INPUT",
                "-p",
                "tcp",
                "--dport",
                "200",
                "-m",
                "comment",
                "--comment",
                "200 later ipv4",
                "-j",
                "ACCEPT");
        Path role = write("role.yaml", ROLE);

        // --check on the fresh chain: every rule would be inserted, nothing is
        JsonNode check = Json.parse(
                hearth(0, "deploy", "--check", "--json", role.toString()).stdout());
        assertThat(check.get("changes").asBoolean()).isTrue();
        assertThat(would(check))
                .contains("firewall:")
                .contains("  + would insert \"003 ssh v6 ipv6\" (ip6tables -t filter INPUT -p tcp -m multiport"
                        + " --dports 22 -m conntrack --ctstate NEW -m comment --comment 003 ssh v6 ipv6 -j ACCEPT)")
                .contains("  + would insert \"100 mysql ipv4\" (iptables -t filter INPUT -p tcp -m multiport"
                        + " --dports 3306,4567:4568 -m conntrack --ctstate NEW -m comment --comment 100 mysql ipv4"
                        + " -j ACCEPT)")
                .anyMatch(l -> l.startsWith("  + would insert \"100 mysql ipv6\""))
                .anyMatch(l -> l.startsWith("  + would insert \"121 memcached ipv4\""))
                .anyMatch(l -> l.startsWith("  + would insert \"999 drop all ipv4\""))
                .noneMatch(l -> l.contains("121 memcached ipv6") || l.contains("999 drop all ipv6"));
        assertThat(comments("iptables")).containsExactly(null, "050 existing ipv4", "200 later ipv4");
        assertThat(comments("ip6tables")).isEmpty();

        HearthProcess.Result first = hearth(0, "deploy", role.toString());
        assertThat(first.stdout()).contains("pre firewall: + inserted at").doesNotContain("not acted on");
        assertThat(comments("iptables"))
                .containsExactly(
                        null,
                        "050 existing ipv4",
                        "100 mysql ipv4",
                        "121 memcached ipv4",
                        "200 later ipv4",
                        "999 drop all ipv4");
        assertThat(comments("ip6tables")).containsExactly("003 ssh v6 ipv6", "100 mysql ipv6");
        String v4 = save("iptables");
        assertThat(v4)
                .contains("-A INPUT -p tcp -m multiport --dports 3306,4567:4568 -m conntrack --ctstate NEW -m comment"
                        + " --comment \"100 mysql ipv4\" -j ACCEPT")
                .contains("-A INPUT -s 10.0.0.0/8 -p tcp -m multiport --dports 11211 -m conntrack --ctstate NEW -m"
                        + " comment --comment \"121 memcached ipv4\" -j ACCEPT")
                .contains("-A INPUT -m conntrack --ctstate NEW -m comment --comment \"999 drop all ipv4\" -j DROP");
        String v6 = save("ip6tables");

        // a second deploy changes nothing, and --check says every rule exists
        HearthProcess.Result second = hearth(0, "deploy", role.toString());
        assertThat(second.stdout()).contains("nothing changed").doesNotContain("firewall:");
        assertThat(save("iptables")).isEqualTo(v4);
        assertThat(save("ip6tables")).isEqualTo(v6);
        JsonNode again = Json.parse(
                hearth(0, "deploy", "--check", "--json", role.toString()).stdout());
        assertThat(again.get("changes").asBoolean()).isFalse();
        assertThat(would(again))
                .contains("  = exists \"100 mysql ipv4\" (iptables -t filter INPUT -p tcp -m multiport --dports"
                        + " 3306,4567:4568 -m conntrack --ctstate NEW -m comment --comment 100 mysql ipv4 -j ACCEPT)")
                .filteredOn(l -> l.startsWith("  = exists"))
                .hasSize(5);

        // a changed rule replaces the one of its name, in the same place
        Path changed = write("changed.yaml", ROLE.replace("[3306, '4567-4568']", "[3307]"));
        JsonNode changeCheck = Json.parse(
                hearth(0, "deploy", "--check", "--json", changed.toString()).stdout());
        assertThat(would(changeCheck)).anyMatch(l -> l.startsWith("  ~ would replace \"100 mysql ipv4\""));
        HearthProcess.Result third = hearth(0, "deploy", changed.toString());
        assertThat(third.stdout()).contains("pre firewall: ~ replaced, at 3 \"100 mysql ipv4\"");
        assertThat(comments("iptables"))
                .containsExactly(
                        null,
                        "050 existing ipv4",
                        "100 mysql ipv4",
                        "121 memcached ipv4",
                        "200 later ipv4",
                        "999 drop all ipv4");
        assertThat(save("iptables")).contains("--dports 3307 ").doesNotContain("3306");
        assertThat(comments("ip6tables")).containsExactly("003 ssh v6 ipv6", "100 mysql ipv6");
    }

    @Test
    void aBadRuleIsRefusedByItsPathAndTheSwitchLeavesTheFirewallAlone() throws Exception {
        Path bad = write("bad.yaml", ROLE.replace("ipversion: ipv6\n", "ipversion: ipv6\n        todest: 10.9.9.9\n"));
        HearthProcess.Result r = hearth(2, "deploy", bad.toString());
        assertThat(r.stderr())
                .contains("$.services[1].firewall_rules['003 ssh v6'].todest: not supported by Hearth")
                .doesNotContain("10.9.9.9");
        assertThat(comments("iptables")).isEmpty();
        assertThat(comments("ip6tables")).isEmpty();

        Files.writeString(agentYaml, "firewall:\n  apply: false\n", java.nio.file.StandardOpenOption.APPEND);
        Path role = write("role.yaml", ROLE);
        JsonNode check = Json.parse(
                hearth(0, "deploy", "--check", "--json", role.toString()).stdout());
        assertThat(would(check))
                .contains("firewall: 5 rule(s) not applied: firewall.apply is false in the agent config");
        HearthProcess.Result off = hearth(0, "deploy", role.toString());
        assertThat(off.stdout())
                .contains("mysql.firewall_rules: node-side, not applied: firewall.apply is false in the agent config")
                .contains("memcached.firewall_rules: node-side, not applied: firewall.apply is false");
        assertThat(comments("iptables")).isEmpty();
        assertThat(comments("ip6tables")).isEmpty();

        Files.writeString(agentYaml, Files.readString(agentYaml).replace("apply: false", "apply: yes-please"));
        HearthProcess.Result wrong = hearth(2, "config", "check");
        assertThat(wrong.stdout() + wrong.stderr()).contains("firewall.apply").doesNotContain("yes-please");
    }

    private List<String> would(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("phases").forEach(p -> {
            if (p.get("phase").asText().equals("pre")) p.path("would").forEach(l -> out.add(l.asText()));
        });
        return out;
    }

    private Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    /** The comments of the namespace's INPUT rules in order (null for a rule without one). */
    private List<String> comments(String program) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : iptables(program, "-S", "INPUT").lines().toList()) {
            if (!line.startsWith("-A ")) continue;
            Matcher m = COMMENT.matcher(line);
            out.add(m.find() ? m.group(1) : null);
        }
        return out;
    }

    private String save(String program) throws Exception {
        return iptables(program, "-S");
    }

    private String iptables(String program, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, program));
        cmd.addAll(List.of(args));
        return run(cmd, 0).stdout();
    }

    /** {@code hearth ARGS --config agent.yaml} inside the test's network namespace. */
    private HearthProcess.Result hearth(int expected, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, HearthProcess.LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", agentYaml.toString()));
        return run(cmd, expected);
    }

    private HearthProcess.Result run(List<String> cmd, int expected) throws Exception {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("HEARTH_JAR", HearthProcess.JAR.toString());
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(T.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + T);
        }
        HearthProcess.Result r = new HearthProcess.Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        assertThat(r.exitCode())
                .as("%s\nstderr:\n%s\nstdout:\n%s", String.join(" ", cmd), r.stderr(), r.stdout())
                .isEqualTo(expected);
        return r;
    }
}
