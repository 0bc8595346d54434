package dev.hearth.cli;

import dev.hearth.bench.DockerBench;
import dev.hearth.docker.DockerHookSettings;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hearth bench docker}: cold converge against the docker-java floor, and a no-op re-apply. */
@Command(
        name = "docker",
        mixinStandardHelpOptions = true,
        description = "Benchmark the docker-cmd hook against a real dockerd (creates and removes its own containers).")
public final class BenchDockerCommand implements Callable<Integer> {

    @Option(
            names = "--docker-host",
            description =
                    "Engine API address (default: docker.host, else DOCKER_HOST, else /var/run/docker.sock, else /run/podman/podman.sock)")
    String dockerHost;

    @Option(names = "--image", description = "local image to run (default: ${DEFAULT-VALUE})")
    String image = DockerBench.DEFAULT_IMAGE;

    @Option(names = "--containers", description = "containers of the cold converge (default: ${DEFAULT-VALUE})")
    int containers = 50;

    @Option(names = "--groups", description = "start_order groups (default: ${DEFAULT-VALUE})")
    int groups = 3;

    @Option(names = "--noop-containers", description = "containers of the no-op re-apply (default: ${DEFAULT-VALUE})")
    int noopContainers = 100;

    @Option(names = "--parallelism", description = "docker.parallelism (default: ${DEFAULT-VALUE})")
    int parallelism = 8;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    public BenchDockerCommand() {}

    @Override
    public Integer call() throws Exception {
        DockerHookSettings settings =
                DockerHookSettings.defaults().withDockerHost(dockerHost).withParallelism(parallelism);
        DockerBench bench = new DockerBench(settings, System.getenv(), image, line -> {
            if (!json) System.err.println("... " + line);
        });
        DockerBench.Result r = bench.run(containers, groups, noopContainers, 5);
        if (json) {
            System.out.println(dev.hearth.json.Json.writePretty(
                    dev.hearth.json.Json.mapper().valueToTree(r)));
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "cold converge, %d containers in %d start_order groups (parallelism %d):%n",
                    r.coldContainers(),
                    r.groups(),
                    r.parallelism());
            System.out.printf(Locale.ROOT, "  hearth   %6d ms%n", r.hearthColdMs());
            System.out.printf(Locale.ROOT, "  floor    %6d ms  (docker-java create+start, no planning)%n", r.floorMs());
            System.out.printf(Locale.ROOT, "  ratio    %6.2f     (target <= 1.30)%n", r.ratio());
            System.out.printf(Locale.ROOT, "no-op re-apply, %d containers:%n", r.noopContainers());
            System.out.printf(
                    Locale.ROOT,
                    "  wall     %6d ms  (best of 5; first %d ms; target < 150 ms)%n",
                    r.noopMs(),
                    r.noopFirstMs());
            System.out.printf(Locale.ROOT, "  api calls %5d     (target <= 2)%n", r.noopApiCalls());
            System.out.println(r.meetsTargets() ? "targets met" : "targets NOT met");
        }
        return r.meetsTargets() ? 0 : 1;
    }
}
