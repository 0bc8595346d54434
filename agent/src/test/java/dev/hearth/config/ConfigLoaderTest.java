package dev.hearth.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void emptyConfigGivesDefaults() {
        AgentConfig c = loader.parse("", "agent.yaml");
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/hearth"));
        assertThat(c.polling().minInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.polling().maxInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.hookSearchPath()).contains(Path.of("/var/lib/heat-config/hooks"), Path.of("/usr/libexec/heat-config/hooks"));
        assertThat(c.http().listen()).isEqualTo("127.0.0.1:8765");
    }

    @Test
    void readsCollectorsAndDurations() {
        AgentConfig c = loader.parse("""
                collectors: [request, heat]
                request:
                  metadata_url: http://127.0.0.1:1/md?temp_url_sig=abc
                  timeout: 2.5
                heat:
                  auth_url: http://127.0.0.1:5000/v3
                  password: hunter2
                polling: {min_interval: 500ms, max_interval: 1m, splay: 10s}
                """, "agent.yaml");
        assertThat(c.collectors()).containsExactly("request", "heat");
        assertThat(c.request().timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.polling().maxInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.heat().password().value()).isEqualTo("hunter2");
        assertThat(c.heat().toString()).doesNotContain("hunter2");
    }

    @Test
    void unknownKeysAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> loader.parse("polling:\n  min_intervall: 1\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("polling.min_intervall");
        assertThatThrownBy(() -> loader.parse("colectors: [heat]\n", "agent.yaml"))
                .hasMessageContaining("colectors");
    }

    @Test
    void wrongTypesAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> loader.parse("polling:\n  min_interval: soon\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("polling.min_interval");
        assertThatThrownBy(() -> loader.parse("docker:\n  parallelism: many\n", "agent.yaml"))
                .hasMessageContaining("docker.parallelism");
        assertThatThrownBy(() -> loader.parse("collectors: [heat, nope]\n", "agent.yaml"))
                .hasMessageContaining("collectors[1]");
        assertThatThrownBy(() -> loader.parse("collectors: heat\n", "agent.yaml"))
                .hasMessageContaining("collectors");
    }

    @Test
    void documentLimitsAreReadAndValidated() {
        AgentConfig c = loader.parse("limits:\n  max_deployments: 10\n  max_json_tokens: 5000\n", "agent.yaml");
        assertThat(c.limits().maxDeployments()).isEqualTo(10);
        assertThat(c.limits().maxJsonTokens()).isEqualTo(5000);
        assertThat(loader.parse("", "agent.yaml").limits()).isEqualTo(AgentConfig.Limits.defaults());
        assertThatThrownBy(() -> loader.parse("limits:\n  max_deployments: 0\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.max_deployments");
        assertThatThrownBy(() -> loader.parse("limits:\n  max_json_tokens: lots\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.max_json_tokens");
        assertThatThrownBy(() -> loader.parse("limits:\n  max_bytes: 1\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("limits.max_bytes");
    }

    @Test
    void theDocumentedExampleParsesAndStatesTheDefaults() {
        AgentConfig documented = loader.load(Path.of("../config/agent.yaml"), true);
        AgentConfig defaults = AgentConfig.defaults();
        // docker.host defaults from $DOCKER_HOST, so compare the rest of it.
        assertThat(documented.docker().parallelism()).isEqualTo(defaults.docker().parallelism());
        assertThat(documented).usingRecursiveComparison().ignoringFields("docker.host").isEqualTo(defaults);
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotSilentlyOverridden() {
        assertThatThrownBy(() -> loader.parse("hooks: {timeout: 2h}\nhttp: {listen: \"\"}\nhooks: {rerun_interrupted: [script]}\n",
                "agent.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("agent.yaml").hasMessageContaining("'hooks'")
                .hasMessageContaining("line: 3");
        assertThatThrownBy(() -> loader.parse("signals:\n  timeout: 5s\n  timeout: 10s\n", "agent.yaml"))
                .hasMessageContaining("'timeout'");
    }

    @Test
    void malformedYamlIsRefused() {
        assertThatThrownBy(() -> loader.parse("polling: [\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("agent.yaml");
    }
}
