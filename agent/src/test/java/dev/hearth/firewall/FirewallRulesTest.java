package dev.hearth.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.json.Yaml;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule-to-arguments logic: TripleO's defaults, IP versions, ordering, and refusals by path. */
class FirewallRulesTest {
    private static List<FirewallRule> parse(String yaml) {
        return FirewallRules.parse("svc", Yaml.read(yaml), "$.firewall_rules");
    }

    @Test
    void aTripleoRuleGetsTcpNewAcceptInInputForBothVersionsWithItsNameAsComment() {
        List<FirewallRule> rules = parse("'104 mysql galera-bundle': {dport: [873, 3123, '4567-4568']}");
        assertThat(rules).extracting(FirewallRule::version).containsExactly("ipv4", "ipv6");
        FirewallRule v4 = rules.getFirst();
        assertThat(v4.table()).isEqualTo("filter");
        assertThat(v4.chain()).isEqualTo("INPUT");
        assertThat(v4.program()).isEqualTo("iptables");
        assertThat(rules.get(1).program()).isEqualTo("ip6tables");
        assertThat(v4.comment()).isEqualTo("104 mysql galera-bundle ipv4");
        assertThat(v4.matches())
                .containsExactly(
                        "-p",
                        "tcp",
                        "-m",
                        "multiport",
                        "--dports",
                        "873,3123,4567:4568",
                        "-m",
                        "conntrack",
                        "--ctstate",
                        "NEW",
                        "-m",
                        "comment",
                        "--comment",
                        "104 mysql galera-bundle ipv4",
                        "-j",
                        "ACCEPT");
    }

    @Test
    void everySupportedKeyBecomesItsArgument() {
        FirewallRule r = parse("""
                '998 log all':
                  proto: udp
                  sport: 500
                  port: 4500
                  source: 192.168.24.0/24
                  iniface: eth1
                  state: [RELATED, established]
                  limit: 20/min
                  limit_burst: 15
                  jump: LOG
                  chain: OUTPUT
                  table: filter
                """).getFirst();
        assertThat(r.chain()).isEqualTo("OUTPUT");
        assertThat(r.matches())
                .containsExactly(
                        "-s",
                        "192.168.24.0/24",
                        "-i",
                        "eth1",
                        "-p",
                        "udp",
                        "-m",
                        "multiport",
                        "--sports",
                        "500",
                        "-m",
                        "multiport",
                        "--dports",
                        "4500",
                        "-m",
                        "conntrack",
                        "--ctstate",
                        "RELATED,ESTABLISHED",
                        "-m",
                        "limit",
                        "--limit",
                        "20/min",
                        "--limit-burst",
                        "15",
                        "-m",
                        "comment",
                        "--comment",
                        "998 log all ipv4",
                        "-j",
                        "LOG");
    }

    @Test
    void anAddressOrIpversionPicksTheVersionsAndGreHasNoStateAndDropDrops() {
        assertThat(parse("'003 ssh': {source: 'fd00::/64', dport: 22}"))
                .extracting(FirewallRule::version)
                .containsExactly("ipv6");
        assertThat(parse("'001 icmp': {proto: icmp, ipversion: ipv4}"))
                .extracting(FirewallRule::version)
                .containsExactly("ipv4");
        FirewallRule gre =
                parse("'136 neutron gre networks': {proto: gre, action: drop}").getFirst();
        assertThat(gre.matches())
                .containsExactly(
                        "-p", "gre", "-m", "comment", "--comment", "136 neutron gre networks ipv4", "-j", "DROP");
        assertThat(parse("'1 x': {state: []}").getFirst().matches()).doesNotContain("conntrack");
        assertThat(parse("'1 x': {extras: {ensure: absent}}").getFirst().present())
                .isFalse();
        assertThat(parse("'1 x': {}").getFirst().present()).isTrue();
    }

    @Test
    void anUnsupportedOrBadKeyIsRefusedByItsPathWithoutItsValue() {
        assertThatThrownBy(() -> parse("'100 x': {dport: 1, todest: secret-value}"))
                .isInstanceOf(FirewallRuleException.class)
                .hasMessageStartingWith("$.firewall_rules['100 x'].todest: not supported by Hearth")
                .hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> parse("'100 x': {extras: {log_prefix: secret-value}}"))
                .hasMessageStartingWith("$.firewall_rules['100 x'].extras.log_prefix: not supported by Hearth");
        assertThatThrownBy(() -> parse("'mysql': {dport: 3306}"))
                .hasMessageStartingWith("$.firewall_rules['mysql']: a rule name must be a number");
        assertThatThrownBy(() -> parse("'1 x': {dport: 'eighty'}"))
                .hasMessageStartingWith("$.firewall_rules['1 x'].dport: must be a port")
                .hasMessageNotContaining("eighty");
        assertThatThrownBy(() -> parse("'1 x': {proto: icmp, dport: 8}"))
                .hasMessageStartingWith("$.firewall_rules['1 x'].dport: ports need proto");
        assertThatThrownBy(() -> parse("'1 x': {source: 10.0.0.1, ipversion: ipv6}"))
                .hasMessageStartingWith("$.firewall_rules['1 x'].source: is an IPv4 address");
        assertThatThrownBy(() -> parse("'1 x': {source: some.host.name}"))
                .hasMessageStartingWith("$.firewall_rules['1 x'].source: must be an IPv4 or IPv6 address");
        assertThatThrownBy(() -> parse("'1 x': {action: insert}"))
                .hasMessageStartingWith("$.firewall_rules['1 x'].action: must be accept, drop or reject");
        assertThatThrownBy(() -> parse("'1 x': {dport: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,'15-16']}"))
                .hasMessageStartingWith("$.firewall_rules['1 x'].dport: at most 15 ports");
        assertThatThrownBy(() -> parse("[1]")).hasMessageStartingWith("$.firewall_rules: must be a map");
    }

    @Test
    void rulesOrderByTheirNumberThenNameAndGoAfterTheLastLowerOne() {
        assertThat(FirewallApplier.ordered(parse(
                        "{'121 b': {ipversion: ipv4}, '99 z': {ipversion: ipv4}, " + "'121 a': {ipversion: ipv4}}")))
                .extracting(FirewallRule::name)
                .containsExactly("99 z", "121 a", "121 b");
        List<String> chain = List.of(
                "-A INPUT -i lo -j ACCEPT",
                "-A INPUT -p tcp -m comment --comment \"003 ssh ipv4\" -j ACCEPT",
                "-A INPUT -p tcp -m comment --comment \"200 web ipv4\" -j ACCEPT",
                "-A INPUT -p tcp -m comment --comment unmanaged -j ACCEPT");
        assertThat(FirewallApplier.position(chain, "001 first")).isEqualTo(1);
        assertThat(FirewallApplier.position(chain, "100 mysql")).isEqualTo(3);
        assertThat(FirewallApplier.position(chain, "999 drop all")).isEqualTo(4);
        assertThat(FirewallApplier.positions(chain, "200 web ipv4")).containsExactly(3);
        assertThat(FirewallApplier.comment(chain.get(3))).isEqualTo("unmanaged");
        assertThat(FirewallApplier.comment(chain.getFirst())).isNull();
    }
}
