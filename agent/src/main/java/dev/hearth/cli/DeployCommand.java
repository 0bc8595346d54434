package dev.hearth.cli;

import dev.hearth.agent.AgentRuntime;
import dev.hearth.agent.BuiltinHooks;
import dev.hearth.config.AgentConfig;
import dev.hearth.firewall.FirewallApplier;
import dev.hearth.firewall.Iptables;
import dev.hearth.json.Json;
import dev.hearth.role.ConfigScripts;
import dev.hearth.role.HieraSetup;
import dev.hearth.role.MergedRole;
import dev.hearth.role.RoleDeployer;
import dev.hearth.role.RoleDocument;
import dev.hearth.role.RoleReport;
import dev.hearth.role.RoleReportFormat;
import dev.hearth.role.RoleTranslation;
import dev.hearth.text.ControlCharacters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "deploy",
        description = {
            "Bring a role up on this node, step by step, through the same hooks, markers and metrics as the daemon.",
            "",
            "ROLE.yaml has 'role' (a name) and 'services': each with the TripleO outputs (docker era or "
                    + "later: config_settings, global_config_settings, service_config_settings, step_config, "
                    + "puppet_config, kolla_config, container_config_scripts, host_prep_tasks, docker_config "
                    + "step_0..step_5, deploy_steps_tasks, docker_puppet_tasks / container_puppet_tasks). They "
                    + "are merged as TripleO merges them, then run: pre (config scripts written, host_prep_tasks "
                    + "by ansible (after the firewall_rules, applied with iptables unless firewall.apply is false), kolla configs and the role's hiera by json-file, step_0 containers, config "
                    + "volumes by container-puppet), then for each step: host puppet with hiera step N, the "
                    + "step's deploy_steps_tasks, its containers (docker-cmd), on the bootstrap node its "
                    + "bootstrap tasks. The run stops at the first phase that fails. The summary lists every "
                    + "output no phase acted on (control-plane ones, refused ones, unknown keys) with the reason.",
            "",
            "What did not change does not run again (each phase's deployment ids derive from what it "
                    + "depends on); containers of services or steps that left the role are removed. "
                    + "Deployments are named ROLE/PHASE/HOOK in 'hearth status'.",
            "",
            "Exit status: 0 deployed, 1 a phase failed, 2 bad input."
        })
public final class DeployCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ROLE.yaml", description = "The role document (YAML or JSON).")
    Path file;

    @Option(
            names = "--steps",
            paramLabel = "RANGE",
            defaultValue = "1-5",
            description = "Steps to run after pre: 1-5 (default), 3, 1,3-4.")
    String steps;

    @Option(
            names = "--bootstrap",
            negatable = true,
            description =
                    "This node is the bootstrap node (runs docker_puppet_tasks). Default: node.bootstrap from the configuration.")
    Boolean bootstrap;

    @Option(names = "--force", description = "Run the selected steps again even where nothing changed.")
    boolean force;

    @Option(names = "--json", description = "Print the report as JSON instead of the summary table.")
    boolean json;

    @Option(
            names = "--print-metadata",
            description =
                    "Run nothing: print the role as the metadata document a "
                            + "control plane would send (one deployment per phase and hook, in order), for 'hearth apply' or a push.")
    boolean printMetadata;

    @Option(
            names = "--check",
            description = "Change nothing: print what each phase would do (files and "
                    + "config volume files that would change, containers created, replaced and why, removed; "
                    + "deployments that would run). Config volumes are generated in throwaway puppet containers "
                    + "into a scratch directory that is deleted after; the JSON form says \"changes\": true or false.")
    boolean check;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AgentConfig config = options.load();
        SortedSet<Integer> selected = CommandInput.steps(steps);
        MergedRole role = MergedRole.of(RoleDocument.parse(Files.readString(file)));
        boolean isBootstrap = bootstrap != null ? bootstrap : config.node().bootstrap();
        if (check) {
            dev.hearth.role.RoleCheck.Report report = DeployCheck.run(config, role, selected, isBootstrap, force);
            if (json) out.println(Json.writePretty(report.json()));
            else report.text().lines().map(ControlCharacters::escape).forEach(out::println);
            return ExitCodes.OK;
        }
        if (printMetadata) {
            RoleTranslation translation = translation(config, role, isBootstrap);
            com.fasterxml.jackson.databind.node.ObjectNode doc = Json.object();
            com.fasterxml.jackson.databind.node.ArrayNode list = doc.putArray("deployments");
            translation.pre().deployments().forEach(d -> list.add(d.raw()));
            for (int n : selected) translation.step(n).deployments().forEach(d -> list.add(d.raw()));
            out.println(Json.writePretty(doc));
            return ExitCodes.OK;
        }
        RoleReport report = deploy(config, role, selected, isBootstrap, force, err);
        if (report == null) return ExitCodes.FAILED;
        if (json) {
            out.println(Json.writePretty(RoleReportFormat.json(report)));
        } else {
            out.print(RoleReportFormat.table(report));
        }
        return report.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Where the role's config scripts go ({@code config_volumes.*_config_scripts_dir}). */
    static ConfigScripts scripts(AgentConfig config) {
        AgentConfig.ConfigVolumes dirs = config.configVolumes();
        return new ConfigScripts(java.util.Map.of(
                "container_config_scripts",
                dirs.containerConfigScriptsDir(),
                "docker_config_scripts",
                dirs.dockerConfigScriptsDir()));
    }

    /** What applies a role's firewall_rules: iptables on this node, or null when {@code firewall.apply} is false. */
    static FirewallApplier firewall(AgentConfig config) {
        return config.firewall().apply() ? new FirewallApplier(Iptables.host()) : null;
    }

    static RoleTranslation translation(AgentConfig config, MergedRole role, boolean bootstrap) {
        AgentConfig.ConfigVolumes dirs = config.configVolumes();
        return new RoleTranslation(role, dirs.hieraDir(), BuiltinHooks.configHashes(config), bootstrap);
    }

    /** Pre and the {@code steps}, progress on {@code err}; null when the puppet directory cannot be prepared. */
    static RoleReport deploy(
            AgentConfig config,
            MergedRole role,
            SortedSet<Integer> steps,
            boolean bootstrap,
            boolean force,
            PrintWriter err)
            throws IOException, InterruptedException {
        AgentConfig.ConfigVolumes dirs = config.configVolumes();
        if (!role.puppetConfig().isEmpty() || !role.stepConfig().isBlank()) {
            try {
                if (HieraSetup.ensure(dirs.puppetDir()))
                    err.println("wrote " + dirs.puppetDir().resolve("hiera.yaml"));
            } catch (IOException e) {
                err.println("hearth: cannot write hiera.yaml in " + dirs.puppetDir() + ": " + e.getMessage());
                return null;
            }
        }
        err.printf(
                "deploying role %s (%s) steps %s%s%n",
                ControlCharacters.escape(role.name()),
                ControlCharacters.escape(String.join(", ", role.services())),
                steps,
                bootstrap ? " as the bootstrap node" : "");
        try (AgentRuntime runtime = AgentRuntime.open(
                config,
                new SimpleMeterRegistry(),
                line -> err.println("   | " + ControlCharacters.escape(line)),
                null)) {
            runtime.recoveryReport().forEach(line -> err.println("recovered: " + line));
            RoleDeployer deployer = new RoleDeployer(
                    runtime.pipeline(),
                    runtime.store(),
                    BuiltinHooks.docker(runtime.hooks()),
                    scripts(config),
                    firewall(config),
                    err::println);
            return deployer.deploy(
                    role, translation(config, role, bootstrap), bootstrap, new RoleDeployer.Options(steps, force));
        }
    }
}
