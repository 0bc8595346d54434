package dev.hearth.bench;

import dev.hearth.configvolume.ConfigVolume;
import dev.hearth.configvolume.ConfigVolumeGenerator;
import dev.hearth.configvolume.ConfigVolumeGrouping;
import dev.hearth.configvolume.ConfigVolumeSettings;
import dev.hearth.configvolume.PuppetContainerRunner;
import dev.hearth.fs.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures config-volume generation: the time to generate {@code volumes} volumes (each a small
 * manifest with hiera lookups, in {@code image}) with parallelism 1 and with the given parallelism,
 * each time into a fresh config-data prefix below {@code scratch}. Fails when a volume fails. The
 * program behind {@code hearth bench config-volumes}, its only user.
 */
public final class ConfigVolumeBenchmark {
    public static final String LABEL = "dev.hearth.bench";

    public record Result(int volumes, int parallelism, Duration sequential, Duration parallel) {
        /** How many times faster the parallel run was. */
        public double speedup() {
            return (double) sequential.toNanos() / Math.max(1, parallel.toNanos());
        }
    }

    private ConfigVolumeBenchmark() {}

    public static Result run(
            PuppetContainerRunner docker,
            String image,
            int volumes,
            int parallelism,
            Path scratch,
            Consumer<String> progress)
            throws IOException, InterruptedException {
        List<ConfigVolume> list = new ArrayList<>();
        for (int i = 1; i <= volumes; i++) {
            String manifest = """
                    file { '/etc/bench%1$d': ensure => directory }
                    file { '/etc/bench%1$d/service.conf': content => "[DEFAULT]\\nname=bench%1$d\\nvalue=${lookup('bench_value')}\\n" }
                    file { '/etc/bench%1$d/other.conf': content => "step=${lookup('step')}\\n" }
                    """.formatted(i);
            list.add(new ConfigVolume(
                    "bench" + i, ConfigVolumeGrouping.DEFAULT_TAGS, manifest, image, List.of(), false));
        }
        Duration sequential = once(docker, list, 1, scratch.resolve("parallelism-1"), progress);
        Duration parallel = once(docker, list, parallelism, scratch.resolve("parallelism-" + parallelism), progress);
        return new Result(volumes, parallelism, sequential, parallel);
    }

    private static Duration once(
            PuppetContainerRunner docker,
            List<ConfigVolume> volumes,
            int parallelism,
            Path root,
            Consumer<String> progress)
            throws IOException, InterruptedException {
        ConfigVolumeSettings s = ConfigVolumeSettings.defaults()
                .under(root)
                .withParallelism(parallelism)
                .withLabels(Map.of(LABEL, "config-volumes"));
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
                  - name: common
                    path: common.json
                """);
        Files.writeString(s.puppetEtcDir().resolve("hieradata/common.json"), "{\"bench_value\": 42}");
        ConfigVolumeGenerator.Report report = new ConfigVolumeGenerator(s, docker)
                .generate(volumes, ConfigVolumeGenerator.RunOptions.configuration(true), progress);
        if (!report.succeeded()) {
            StringBuilder failed = new StringBuilder("benchmark volumes failed:\n");
            for (ConfigVolumeGenerator.VolumeResult r : report.failures()) {
                failed.append("config volume ")
                        .append(r.volume())
                        .append(" failed: ")
                        .append(r.error())
                        .append('\n');
                if (!r.output().isEmpty()) failed.append(r.output()).append('\n');
            }
            throw new IllegalStateException(failed.toString());
        }
        FileTrees.delete(root);
        return report.elapsed();
    }
}
