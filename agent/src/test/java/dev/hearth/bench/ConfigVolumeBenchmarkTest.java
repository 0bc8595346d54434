package dev.hearth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.configvolume.PuppetContainerRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark program behind `hearth bench config-volumes` works (real dockerd), on a small run:
 * the numbers are printed by the command, not judged here.
 */
@Tag("dockerd")
class ConfigVolumeBenchmarkTest {
    private static final String IMAGE = System.getProperty("hearth.test.puppetImage", "hearth-test/puppet:latest");

    @TempDir
    Path tmp;

    @Test
    void benchmarkRunsSequentialAndParallel() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        try (PuppetContainerRunner docker = PuppetContainerRunner.connect(null, Duration.ofSeconds(60))) {
            docker.ping();
            assertThat(docker.imagePresent(IMAGE)).as("run .ci/setup-puppet.sh").isTrue();

            ConfigVolumeBenchmark.Result r = ConfigVolumeBenchmark.run(docker, IMAGE, 2, 2, tmp, null);

            System.out.printf(
                    Locale.ROOT,
                    "config-volumes benchmark: %d volumes, parallelism 1: %.1f s, parallelism %d: %.1f s, speed-up %.2fx%n",
                    r.volumes(),
                    r.sequential().toMillis() / 1000.0,
                    r.parallelism(),
                    r.parallel().toMillis() / 1000.0,
                    r.speedup());
            assertThat(r.volumes()).isEqualTo(2);
            assertThat(r.speedup()).isPositive();
        }
    }
}
