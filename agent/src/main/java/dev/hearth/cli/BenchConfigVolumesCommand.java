package dev.hearth.cli;

import dev.hearth.bench.ConfigVolumeBenchmark;
import dev.hearth.configvolume.ConfigVolumeSettings;
import dev.hearth.configvolume.PuppetContainerRunner;
import dev.hearth.fs.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hearth bench config-volumes}: the time to generate N config volumes (default 8) with
 * parallelism 1 and with the default parallelism, and the ratio. Needs dockerd and an image with
 * puppet and rsync (default {@code hearth-test/puppet:latest}, built by {@code .ci/setup-puppet.sh}).
 */
@Command(
        name = "config-volumes",
        mixinStandardHelpOptions = true,
        description = "Time config-volume generation with parallelism 1 and with the default.")
public final class BenchConfigVolumesCommand implements Callable<Integer> {
    @Option(names = "--image", description = "Image with puppet and rsync (default: ${DEFAULT-VALUE}).")
    String image = "hearth-test/puppet:latest";

    @Option(names = "--volumes", description = "Number of config volumes (default: ${DEFAULT-VALUE}).")
    int volumes = 8;

    @Option(names = "--parallelism", description = "The parallel run's parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = ConfigVolumeSettings.DEFAULT_PARALLELISM;

    @Option(names = "--docker-host", description = "Docker endpoint (default: DOCKER_HOST or the unix socket).")
    String dockerHost;

    @Option(names = "--verbose", description = "Print each volume's progress.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    public BenchConfigVolumesCommand() {}

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path scratch = Files.createTempDirectory("hearth-bench-config-volumes-");
        try (PuppetContainerRunner docker = PuppetContainerRunner.connect(dockerHost, Duration.ofSeconds(60))) {
            docker.ping();
            if (!docker.imagePresent(image)) {
                err.println("image " + image + " not found (build it with .ci/setup-puppet.sh)");
                return 2;
            }
            ConfigVolumeBenchmark.Result r = ConfigVolumeBenchmark.run(
                    docker, image, volumes, parallelism, scratch, verbose ? out::println : null);
            out.printf(Locale.ROOT, "config volumes: %d, image %s%n", r.volumes(), image);
            out.printf(Locale.ROOT, "parallelism 1: %.2f s%n", r.sequential().toMillis() / 1000.0);
            out.printf(
                    Locale.ROOT,
                    "parallelism %d: %.2f s%n",
                    r.parallelism(),
                    r.parallel().toMillis() / 1000.0);
            out.printf(Locale.ROOT, "ratio (parallelism 1 / parallelism %d): %.2f%n", r.parallelism(), r.speedup());
            return 0;
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            FileTrees.delete(scratch);
        }
    }
}
