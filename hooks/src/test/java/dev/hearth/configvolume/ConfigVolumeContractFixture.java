package dev.hearth.configvolume;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * dockerd, the puppet image and per-test settings for the config-volume hooks' contract tests.
 * Every container carries {@code dev.hearth.test=<run id>} and is removed at the end.
 */
final class ConfigVolumeContractFixture {
    private final String runId;
    private PuppetContainerRunner docker;

    ConfigVolumeContractFixture(String hook) {
        this.runId = hook + "-contract-" + UUID.randomUUID();
    }

    void connect() {
        docker = PuppetContainerRunner.connect(null, Duration.ofSeconds(60));
        docker.ping();
        assertThat(docker.imagePresent(ConfigVolumeDockerTest.IMAGE))
                .as("image " + ConfigVolumeDockerTest.IMAGE + " (run .ci/setup-puppet.sh)")
                .isTrue();
    }

    PuppetContainerRunner docker() {
        return docker;
    }

    /** Settings below {@code dir}, with a minimal hiera setup. */
    ConfigVolumeSettings settings(Path dir) throws Exception {
        ConfigVolumeSettings s = ConfigVolumeSettings.defaults()
                .under(dir.resolve("node"))
                .withLabels(Map.of(ConfigVolumeDockerTest.TEST_LABEL, runId));
        Files.createDirectories(s.puppetEtcDir().resolve("hieradata"));
        Files.writeString(s.puppetEtcDir().resolve("hiera.yaml"), """
                ---
                version: 5
                defaults:
                  datadir: hieradata
                  data_hash: json_data
                hierarchy:
                  - name: step
                    path: docker_puppet.json
                """);
        return s;
    }

    void close() {
        if (docker == null) return;
        try {
            for (Container c : docker.client()
                    .listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(ConfigVolumeDockerTest.TEST_LABEL, runId))
                    .exec()) {
                docker.remove(c.getId());
            }
            docker.close();
        } catch (Exception e) {
            throw new IllegalStateException("removing the contract tests' containers", e);
        }
    }
}
