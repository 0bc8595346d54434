package dev.hearth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void emptyConfigGivesDefaults() {
        AgentConfig c = loader.parse("", "agent.yaml");
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/hearth"));
        assertThat(c.polling().minInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.polling().maxInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.hookSearchPath())
                .contains(Path.of("/var/lib/heat-config/hooks"), Path.of("/usr/libexec/heat-config/hooks"));
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
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("polling.min_intervall");
        assertThatThrownBy(() -> loader.parse("colectors: [heat]\n", "agent.yaml"))
                .hasMessageContaining("colectors");
    }

    @Test
    void wrongTypesAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> loader.parse("polling:\n  min_interval: soon\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("polling.min_interval");
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
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.max_deployments");
        assertThatThrownBy(() -> loader.parse("limits:\n  max_json_tokens: lots\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.max_json_tokens");
        assertThatThrownBy(() -> loader.parse("limits:\n  max_bytes: 1\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.max_bytes");
    }

    @Test
    void theDocumentedExampleParsesAndStatesTheDefaults() {
        AgentConfig documented = loader.load(Path.of("../config/agent.yaml"), true);
        AgentConfig defaults = AgentConfig.defaults();
        // docker.host defaults from $DOCKER_HOST, so compare the rest of it.
        assertThat(documented.docker().parallelism())
                .isEqualTo(defaults.docker().parallelism());
        assertThat(documented)
                .usingRecursiveComparison()
                .ignoringFields("docker.host")
                .isEqualTo(defaults);
    }

    @Test
    void hooksKillGraceDefaultsToTenSecondsAndIsValidated() {
        assertThat(loader.parse("", "agent.yaml").hooks().killGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(loader.parse("hooks: {kill_grace: 2s}", "agent.yaml").hooks().killGrace())
                .isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> loader.parse("hooks: {kill_grace: -1}", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'hooks.kill_grace'");
        assertThatThrownBy(() -> loader.parse("hooks: {kill_grace: soon}", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hooks.kill_grace");
        assertThatThrownBy(() -> loader.parse("hooks: {timeout: 0s}", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'hooks.timeout'");
    }

    @Test
    void configVolumeChecksumDefaultsToTripleoAndIsValidated() {
        assertThat(loader.parse("", "agent.yaml").configVolumes().checksum()).isEqualTo("tripleo");
        assertThat(loader.parse("config_volumes: {checksum: sorted}", "agent.yaml")
                        .configVolumes()
                        .checksum())
                .isEqualTo("sorted");
        assertThatThrownBy(() -> loader.parse("config_volumes: {checksum: sha1}", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'config_volumes.checksum'")
                .hasMessageNotContaining("sha1");
    }

    @Test
    void configHashDefaultsToTripleoAndIsValidated() {
        assertThat(loader.parse("", "agent.yaml").configVolumes().configHash()).isEqualTo("tripleo");
        assertThat(loader.parse("config_volumes: {config_hash: volume-root}", "agent.yaml")
                        .configVolumes()
                        .configHash())
                .isEqualTo("volume-root");
        assertThatThrownBy(() -> loader.parse("config_volumes: {config_hash: walk-up}", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'config_volumes.config_hash'")
                .hasMessageNotContaining("walk-up");
    }

    @Test
    void containerUnitKeysHaveTripleoDefaultsAndAreValidated() {
        var d = loader.parse("", "agent.yaml").docker();
        assertThat(d.units()).isEqualTo(dev.hearth.docker.UnitSettings.defaults());
        var set = loader.parse(
                        "docker: {systemd_units: never, systemd_unit_dir: /tmp/u, podman_log_dir: \"\"}", "agent.yaml")
                .docker()
                .units();
        assertThat(set.mode()).isEqualTo(dev.hearth.docker.UnitSettings.Mode.NEVER);
        assertThat(set.unitDir()).isEqualTo(java.nio.file.Path.of("/tmp/u"));
        assertThat(set.podmanLogDir()).isNull();
        assertThatThrownBy(() -> loader.parse("docker: {systemd_units: sometimes}", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'docker.systemd_units'")
                .hasMessageNotContaining("sometimes");
        assertThatThrownBy(() -> loader.parse("docker: {systemd_unit_dir: units}", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'docker.systemd_unit_dir'");
        assertThatThrownBy(() -> loader.parse("docker: {podman_log_dir: logs}", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'docker.podman_log_dir'");
        assertThatThrownBy(() -> loader.parse("docker: {systemd_units: [auto]}", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("docker.systemd_units");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotSilentlyOverridden() {
        assertThatThrownBy(() -> loader.parse(
                        "hooks: {timeout: 2h}\nhttp: {listen: \"\"}\nhooks: {rerun_interrupted: [script]}\n",
                        "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.yaml")
                .hasMessageContaining("'hooks'")
                .hasMessageContaining("line 3, column 1");
        assertThatThrownBy(() -> loader.parse("signals:\n  timeout: 5s\n  timeout: 10s\n", "agent.yaml"))
                .hasMessageContaining("'timeout'");
    }

    @Test
    void malformedYamlIsRefused() {
        assertThatThrownBy(() -> loader.parse("polling: [\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent.yaml");
    }

    @Test
    void errorsNameTheKeyAndLineButNeverTheValue() {
        String secret = "Hunter2-s3cr3t-Plant";
        String[] broken = {
            "heat:\n  password: \"" + secret + "\n",
            "heat:\n  password: " + secret + "\n   user: x: y\n",
            "polling:\n  min_interval: " + secret + "\n",
            "docker:\n  parallelism: " + secret + "\n",
            "heat: " + secret + "\n",
            "collectors: [heat, " + secret + "]\n",
            "hooks:\n  timeout: [" + secret + "]\n",
            "http: {listen: &a " + secret + ", listen: *a}\n",
        };
        for (String doc : broken) {
            assertThatThrownBy(() -> loader.parse(doc, "agent.yaml"))
                    .as(doc)
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage())
                                .startsWith("agent.yaml: ")
                                .doesNotContain(secret)
                                .doesNotContain("Hunter");
                        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                            assertThat(c.getMessage()).doesNotContain(secret);
                        }
                    });
        }
        assertThatThrownBy(() -> loader.parse("heat:\n  password: \"" + secret + "\n", "agent.yaml"))
                .hasMessageMatching("agent.yaml: not valid YAML: line \\d+, column \\d+.*");
        assertThatThrownBy(() -> loader.parse("polling:\n  min_interval: " + secret + "\n", "agent.yaml"))
                .hasMessageContaining("key 'polling.min_interval'");
    }

    @Test
    void anchorsAndMergeKeysAreYaml() {
        AgentConfig c = loader.parse("""
                keystone: &keystone
                  auth_url: http://keystone:5000/v3
                  password: &pw s3cret
                  user_id: u
                  project_id: p
                """.replace("keystone: &keystone\n", "heat: &keystone\n") + """
                zaqar:
                  <<: *keystone
                  queue_id: q
                  user_id: z
                hooks:
                  timeout: &t 7s
                signals:
                  timeout: *t
                """, "agent.yaml");
        assertThat(c.zaqar().password().value()).isEqualTo("s3cret");
        assertThat(c.zaqar().authUrl()).isEqualTo(c.heat().authUrl());
        assertThat(c.zaqar().userId()).isEqualTo("z");
        assertThat(c.signals().timeout()).hasSeconds(7);
    }

    @Test
    void jsonFileRootsMustBeAbsoluteDirectories() {
        assertThatThrownBy(() -> loader.parse("json_file: {roots: [relative/dir]}\n", "agent.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("json_file.roots[0]");
        assertThatThrownBy(() -> loader.parse("json_file: {roots: [/srv, /]}\n", "agent.yaml"))
                .hasMessageContaining("json_file.roots[1]");
        assertThatThrownBy(() -> loader.parse("json_file: {root: [/srv]}\n", "agent.yaml"))
                .hasMessageContaining("json_file.root");
        assertThat(loader.parse("json_file: {roots: [/srv]}\n", "agent.yaml")
                        .jsonFile()
                        .roots())
                .containsExactly(Path.of("/srv"));
    }
}
