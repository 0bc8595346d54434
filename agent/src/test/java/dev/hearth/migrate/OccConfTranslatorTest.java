package dev.hearth.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.config.ConfigException;
import dev.hearth.json.Yaml;
import org.junit.jupiter.api.Test;

class OccConfTranslatorTest {
    private static OccConfTranslator.Translation translate(String ini) {
        return new OccConfTranslator().translate(OccConf.parse(ini, "os-collect-config.conf"));
    }

    @Test
    void withoutCollectorsTheListIsOsCollectConfigsDefault() {
        OccConfTranslator.Translation t = translate("""
                [DEFAULT]
                command = os-refresh-config

                [heat]
                auth_url = http://keystone:5000/v3
                user_id = u1
                password = pw
                project_id = p1
                stack_id = st/123
                resource_name = server1
                """);
        JsonNode y = Yaml.read(t.yaml(), Yaml.Keys.UNIQUE);
        // every collector os-collect-config has, in its order, less ec2 (which Hearth has not)
        assertThat(t.collectors()).containsExactly("heat_local", "cfn", "heat", "request", "local", "zaqar");
        assertThat(y.at("/collectors").toString())
                .isEqualTo("[\"heat_local\",\"cfn\",\"heat\",\"request\",\"local\",\"zaqar\"]");
        assertThat(y.at("/heat/user_id").asText()).isEqualTo("u1");
        assertThat(t.unmapped())
                .anyMatch(u -> u.startsWith("DEFAULT.collectors not set"))
                .anyMatch(u -> u.startsWith("DEFAULT.collectors: ec2"));
        assertThat(t.problems()).isEmpty();
    }

    @Test
    void repeatedCollectorsAndEverySectionBecomeAgentYamlKeys() {
        OccConfTranslator.Translation t = translate("""
                [DEFAULT]
                command = os-refresh-config
                collectors = ec2
                collectors = heat
                collectors = request
                collectors = local
                polling_interval = 30
                min_polling_interval = 2.5
                splay = 10
                cachedir = /var/lib/os-collect-config

                [heat]
                auth_url = http://keystone:5000/v3
                user_id = u1
                password = pw
                project_id = p1
                stack_id = st/123
                resource_name = server1

                [request]
                metadata_url = http://swift/temp?sig=abc
                timeout = 20

                [local]
                path = /var/lib/os-collect-config/local-data
                path = /etc/extra-data
                """);
        JsonNode y = Yaml.read(t.yaml(), Yaml.Keys.UNIQUE);
        assertThat(t.collectors()).containsExactly("heat", "request", "local");
        assertThat(y.at("/heat/auth_url").asText()).isEqualTo("http://keystone:5000/v3");
        assertThat(y.at("/heat/password").asText()).isEqualTo("pw");
        assertThat(y.at("/heat/stack_id").asText()).isEqualTo("st/123");
        assertThat(y.at("/request/metadata_url").asText()).isEqualTo("http://swift/temp?sig=abc");
        assertThat(y.at("/request/timeout").asText()).isEqualTo("20s");
        assertThat(y.at("/local/path").toString())
                .isEqualTo("[\"/var/lib/os-collect-config/local-data\",\"/etc/extra-data\"]");
        assertThat(y.at("/polling/max_interval").asText()).isEqualTo("30s");
        assertThat(y.at("/polling/min_interval").asText()).isEqualTo("2500ms");
        assertThat(y.at("/polling/splay").asText()).isEqualTo("10s");
        assertThat(t.unmapped())
                .anyMatch(u -> u.startsWith("DEFAULT.collectors: ec2"))
                .contains("DEFAULT.cachedir");
        assertThat(t.problems()).isEmpty();
    }

    @Test
    void commaListCfnAndZaqarSectionsAndUnknownOptionsListed() {
        OccConfTranslator.Translation t = translate("""
                [DEFAULT]
                command = /usr/bin/os-refresh-config --timeout 14400
                collectors = cfn,zaqar
                deployment_key = deployments
                [cfn]
                metadata-url = http://heat:8000/v1/
                access_key_id = AK
                secret_access_key = SK
                stack_name = overcloud
                path = server1.Metadata
                heat_metadata_hint = /var/lib/heat-cfntools/cfn-metadata-server
                timeout = 5
                [zaqar]
                auth_url = http://keystone:5000/v3
                user_id = u
                password = p
                project_id = pr
                queue_id = q
                use_websockets = false
                ca_file = /etc/pki/ca.pem
                [keystone]
                cache_ttl = 600
                """);
        JsonNode y = Yaml.read(t.yaml(), Yaml.Keys.UNIQUE);
        assertThat(t.collectors()).containsExactly("cfn", "zaqar");
        assertThat(y.at("/cfn/metadata_url").asText()).isEqualTo("http://heat:8000/v1/");
        assertThat(y.at("/cfn/path").toString()).isEqualTo("[\"server1.Metadata\"]");
        assertThat(y.at("/cfn/secret_access_key").asText()).isEqualTo("SK");
        assertThat(y.at("/cfn/timeout").asText()).isEqualTo("5s");
        assertThat(y.at("/zaqar/queue_id").asText()).isEqualTo("q");
        assertThat(y.at("/zaqar/ca_certificate").asText()).isEqualTo("/etc/pki/ca.pem");
        assertThat(t.unmapped())
                .contains(
                        "DEFAULT.deployment_key",
                        "cfn.heat_metadata_hint",
                        "zaqar.use_websockets",
                        "keystone.cache_ttl")
                .anyMatch(u -> u.startsWith("DEFAULT.command arguments"));
        assertThat(String.join(" ", t.unmapped())).doesNotContain("SK").doesNotContain("14400");
        assertThat(t.problems()).isEmpty();
    }

    @Test
    void aCommandOtherThanOsRefreshConfigIsReported() {
        OccConfTranslator.Translation t = translate("""
                [DEFAULT]
                command = /usr/local/bin/my-refresh
                collectors = request
                [request]
                metadata_url = http://x/
                """);
        assertThat(t.problems())
                .singleElement()
                .asString()
                .contains("DEFAULT.command is not os-refresh-config")
                .doesNotContain("my-refresh");
    }

    @Test
    void badLinesAndValuesNameTheLineOrOption() {
        assertThatThrownBy(() -> translate("[DEFAULT]\njust words\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(
                        () -> translate(
                                "[DEFAULT]\ncollectors = request\npolling_interval = soon\n[request]\nmetadata_url = http://x/\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DEFAULT.polling_interval")
                .hasMessageNotContaining("soon");
    }
}
