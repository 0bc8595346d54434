package dev.hearth.cli;

import dev.hearth.agent.AgentRuntime;
import dev.hearth.agent.BuiltinHooks;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigLoader;
import dev.hearth.docker.DockerCmdHook;
import dev.hearth.fs.FileTrees;
import dev.hearth.role.HieraSetup;
import dev.hearth.role.MergedRole;
import dev.hearth.role.RoleDeployer;
import dev.hearth.role.RoleDocument;
import dev.hearth.role.RoleReport;
import dev.hearth.role.RoleReportFormat;
import dev.hearth.role.RoleTranslation;
import dev.hearth.role.StepRange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hearth bench role}: a whole role deployed from scratch, then deployed again unchanged, with
 * the time of each. Everything goes to a scratch directory: TripleO's paths in the role
 * ({@code /var/lib/config-data}, {@code /var/lib/kolla/config_files}) are moved there, the role is
 * renamed {@code bench-<role>} and names starting {@code demo_} become {@code bench_}, so it runs
 * beside a deployed demo. Its containers, and the volumes it created, are removed at the end.
 */
@Command(
        name = "role",
        mixinStandardHelpOptions = true,
        description = "Time a full role deploy from scratch and a no-change re-run.")
public final class BenchRoleCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ROLE.yaml", description = "The role, e.g. config/examples/demo-role.yaml.")
    Path file;

    @Option(names = "--verbose", description = "Print the hooks' progress and both summaries.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path roleFile = file;
        Path scratch = Files.createTempDirectory("hearth-bench-role-");
        try {
            String text = Files.readString(roleFile)
                    .replace(
                            "/var/lib/config-data",
                            scratch.resolve("config-data").toString())
                    .replace(
                            "/var/lib/kolla/config_files",
                            scratch.resolve("kolla").toString())
                    .replace("demo_", "bench_");
            RoleDocument doc = RoleDocument.parse(text);
            MergedRole role = MergedRole.of(new RoleDocument("bench-" + doc.name(), doc.services()));
            Path cfg = scratch.resolve("agent.yaml");
            Files.writeString(cfg, """
                    state_dir: %1$s/state
                    config_volumes: {prefix: %1$s/config-data, puppet_dir: %1$s/puppet, hiera_dir: %1$s/puppet/hieradata, kolla_dir: %1$s/kolla}
                    firewall: {apply: false}
                    """.formatted(scratch));
            AgentConfig config = new ConfigLoader().load(cfg, true);
            HieraSetup.ensure(config.configVolumes().puppetDir());
            RoleDeployer.Options all = new RoleDeployer.Options(StepRange.parse("1-5"), false);
            try (AgentRuntime runtime = AgentRuntime.open(
                    config,
                    new SimpleMeterRegistry(),
                    verbose ? line -> out.println("   | " + line) : line -> {},
                    null)) {
                DockerCmdHook docker = BuiltinHooks.docker(runtime.hooks());
                RoleDeployer deployer = new RoleDeployer(
                        runtime.pipeline(),
                        runtime.store(),
                        docker,
                        DeployCommand.scripts(config),
                        DeployCommand.firewall(config),
                        verbose ? out::println : line -> {});
                RoleTranslation first = translation(role, config);
                // The volumes this run creates are removed at the end; an operator's own bench_ volume stays.
                java.util.Set<String> volumesBefore = volumeNames(docker);
                try {
                    RoleReport cold = deployer.deploy(role, first, true, all);
                    if (verbose) out.print(RoleReportFormat.table(cold));
                    if (!cold.succeeded()) {
                        spec.commandLine().getErr().print(RoleReportFormat.table(cold));
                        return ExitCodes.FAILED;
                    }
                    RoleReport warm = deployer.deploy(role, translation(role, config), true, all);
                    if (verbose) out.print(RoleReportFormat.table(warm));
                    out.printf(
                            Locale.ROOT,
                            "role %s: %d services, %d containers, %d config volumes%n",
                            doc.name(),
                            role.services().size(),
                            role.dockerConfig().values().stream()
                                    .mapToInt(c -> c.size())
                                    .sum(),
                            role.puppetConfig().size());
                    out.printf(
                            Locale.ROOT,
                            "full deploy from scratch: %.2f s (%d deployments ran; pre %.2f s)%n",
                            cold.elapsed().toMillis() / 1000.0,
                            cold.ran(),
                            cold.phases().get(0).duration().toMillis() / 1000.0);
                    out.printf(
                            Locale.ROOT,
                            "no-change re-run:         %.2f s (%d deployments ran)%n",
                            warm.elapsed().toMillis() / 1000.0,
                            warm.ran());
                    return warm.ran() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
                } finally {
                    docker.cleanup(List.of(), first::owns);
                    if (docker.engine() instanceof dev.hearth.docker.Engine engine) {
                        for (String name : volumeNames(docker)) {
                            if (name.startsWith("bench_") && !volumesBefore.contains(name)) {
                                engine.request(
                                        "remove_volume",
                                        c -> c.removeVolumeCmd(name).exec());
                            }
                        }
                    }
                }
            }
        } finally {
            FileTrees.delete(scratch);
        }
    }

    private static java.util.Set<String> volumeNames(DockerCmdHook docker) {
        java.util.Set<String> names = new java.util.HashSet<>();
        if (docker.engine() instanceof dev.hearth.docker.Engine engine) {
            var volumes = engine.readRequest("volumes", c -> c.listVolumesCmd().exec())
                    .getVolumes();
            if (volumes != null) volumes.forEach(v -> names.add(v.getName()));
        }
        return names;
    }

    private static RoleTranslation translation(MergedRole role, AgentConfig config) {
        return new RoleTranslation(role, config.configVolumes().hieraDir(), BuiltinHooks.configHashes(config), true);
    }
}
