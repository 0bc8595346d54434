package dev.hearth.cli;

import dev.hearth.bench.DockerBench;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.UnitSettings;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Option(
            names = "--systemd-units",
            description = "docker.systemd_units for Hearth's side: never (default: the floor writes no units either),"
                    + " auto or always (then Hearth's time includes writing and verifying or enabling them)")
    String systemdUnits = "never";

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    public BenchDockerCommand() {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        UnitSettings.Mode mode;
        try {
            mode = UnitSettings.Mode.parse(systemdUnits);
        } catch (IllegalArgumentException e) {
            err.println("--systemd-units " + e.getMessage());
            return 2;
        }
        DockerHookSettings defaults = DockerHookSettings.defaults();
        DockerHookSettings settings = defaults.withDockerHost(dockerHost)
                .withParallelism(parallelism)
                .withUnits(new UnitSettings(
                        mode, defaults.units().unitDir(), defaults.units().podmanLogDir()));
        DockerBench bench = new DockerBench(settings, System.getenv(), image, line -> {
            if (!json) err.println("... " + line);
        });
        DockerBench.Result r = bench.run(containers, groups, noopContainers, 5);
        if (json) {
            out.println(dev.hearth.json.Json.writePretty(
                    dev.hearth.json.Json.mapper().valueToTree(r)));
        } else {
            out.printf(Locale.ROOT, "engine: %s%n", r.engine());
            out.printf(
                    Locale.ROOT,
                    "cold converge, %d containers in %d start_order groups (parallelism %d, systemd units: %s):%n",
                    r.coldContainers(),
                    r.groups(),
                    r.parallelism(),
                    r.systemdUnits());
            out.printf(Locale.ROOT, "  hearth   %6d ms%n", r.hearthColdMs());
            out.printf(
                    Locale.ROOT, "  floor    %6d ms  (docker-java create+start, no planning, no units)%n", r.floorMs());
            out.printf(Locale.ROOT, "  ratio    %6.2f     (target <= %.2f)%n", r.ratio(), r.ratioTarget());
            out.printf(Locale.ROOT, "no-op re-apply, %d containers:%n", r.noopContainers());
            out.printf(
                    Locale.ROOT,
                    "  wall     %6d ms  (best of 5; first %d ms; %s)%n",
                    r.noopMs(),
                    r.noopFirstMs(),
                    r.podman() ? "podman: no wall target" : "target < 150 ms");
            out.printf(Locale.ROOT, "  api calls %5d     (target <= 2)%n", r.noopApiCalls());
            out.println(r.meetsTargets() ? "targets met" : "targets NOT met");
        }
        return r.meetsTargets() ? 0 : 1;
    }
}
