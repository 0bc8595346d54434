package dev.hearth.agent;

import dev.hearth.ansible.AnsibleHook;
import dev.hearth.config.AgentConfig;
import dev.hearth.configvolume.BootstrapTasksHook;
import dev.hearth.configvolume.ConfigVolumeHook;
import dev.hearth.configvolume.ConfigVolumeSettings;
import dev.hearth.configvolume.VolumeChecksum;
import dev.hearth.deploy.DeploymentStore;
import dev.hearth.deploy.NodeMetadataObserver;
import dev.hearth.docker.ActionResult;
import dev.hearth.docker.ConfigHashes;
import dev.hearth.docker.DeploymentKey;
import dev.hearth.docker.DockerCmdHook;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookRegistry;
import dev.hearth.hook.script.ScriptHook;
import dev.hearth.http.ReadinessCheck;
import dev.hearth.http.ReadinessProbe;
import dev.hearth.jsonfile.JsonFileHook;
import dev.hearth.jsonfile.JsonFileSettings;
import dev.hearth.process.ProcessRunner;
import dev.hearth.puppet.PuppetHook;
import dev.hearth.puppet.PuppetSettings;
import dev.hearth.role.RoleTranslation;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The hooks Hearth has built in, configured from agent.yaml. Nothing here connects anywhere: the
 * one Docker gateway talks to the daemon on first use, so `hearth hook script` never needs Docker.
 */
public final class BuiltinHooks {
    private BuiltinHooks() {}

    /** One built-in hook: its group, the other names it answers to, and how it is made from its parts. */
    private record Builtin(String group, List<String> aliases, Function<HookParts, Hook> make) {}

    /**
     * Every built-in hook, in the order `hearth hook` lists them. The only place that knows which group
     * needs which parts: the agent makes all of them, `hearth hook GROUP` only the one it names.
     */
    private static final List<Builtin> BUILTINS = List.of(
            new Builtin(ScriptHook.GROUP, List.of(), p -> new ScriptHook(p.runner())),
            new Builtin(
                    DockerCmdHook.GROUP,
                    List.of(),
                    p -> new DockerCmdHook(p.docker(), p.engine(), p.meters(), configHashes(p.config()))),
            new Builtin(
                    PuppetHook.GROUP, List.of(), p -> new PuppetHook(p.runner(), puppetSettings(p.config(), p.env()))),
            new Builtin(JsonFileHook.GROUP, List.of(), p -> new JsonFileHook(jsonFileSettings(p.config()))),
            new Builtin(ConfigVolumeHook.GROUP, ConfigVolumeHook.ALIASES, p -> new ConfigVolumeHook(p.volumes())),
            new Builtin(BootstrapTasksHook.GROUP, BootstrapTasksHook.ALIASES, p -> new BootstrapTasksHook(p.volumes())),
            new Builtin(AnsibleHook.GROUP, List.of(), p -> AnsibleHook.fromEnvironment(p.runner(), p.env())));

    /** Every built-in hook, sharing one process runner and one Docker gateway. */
    public static HookRegistry create(AgentConfig config, MeterRegistry meters) {
        HookParts parts = new HookParts(config, System.getenv(), () -> meters);
        HookRegistry registry = new HookRegistry();
        BUILTINS.forEach(b -> registry.register(b.make().apply(parts)));
        BUILTINS.forEach(b -> b.aliases().forEach(a -> registry.alias(a, b.group())));
        return registry;
    }

    /**
     * The built-in hook answering to {@code group} (a group or an alias), made alone: nothing another
     * hook needs is built, so `hearth hook script` loads no Docker client. Empty when none is built in.
     */
    public static Optional<Hook> createOne(AgentConfig config, Supplier<MeterRegistry> meters, String group) {
        return BUILTINS.stream()
                .filter(b -> b.group().equals(group) || b.aliases().contains(group))
                .findFirst()
                .map(b -> b.make().apply(new HookParts(config, System.getenv(), meters)));
    }

    /** The names the built-in hooks answer to: every group, then the aliases (as {@link #create} registers them). */
    public static List<String> groups() {
        List<String> names = new ArrayList<>();
        BUILTINS.forEach(b -> names.add(b.group()));
        BUILTINS.forEach(b -> names.addAll(b.aliases()));
        return names;
    }

    /** How hooks run their tools: this process becomes their child subreaper, with hooks.kill_grace. */
    public static ProcessRunner processRunner(AgentConfig config) {
        return new ProcessRunner(config.hooks().killGrace());
    }

    /**
     * heat-agents' defaults and environment overrides, with the hiera data in {@code config_volumes.hiera_dir}
     * and, when {@code config_volumes.puppet_dir} is not {@code /etc/puppet}, its {@code hiera.yaml}.
     */
    static PuppetSettings puppetSettings(AgentConfig config, Map<String, String> env) {
        PuppetSettings base = PuppetSettings.fromEnvironment(env);
        AgentConfig.ConfigVolumes v = config.configVolumes();
        java.nio.file.Path hiera = env.containsKey("HEAT_PUPPET_HIERA_DATADIR") ? base.hieraDataDir() : v.hieraDir();
        List<String> args = v.puppetDir().equals(ConfigVolumeSettings.DEFAULT_PUPPET_ETC)
                ? List.of()
                : List.of("--hiera_config", v.puppetDir().resolve("hiera.yaml").toString());
        return new PuppetSettings(base.command(), hiera, base.logDir(), base.debugLogDir(), args);
    }

    /**
     * json-file writes below {@code json_file.roots} (default: TripleO's and heat-agents' places), the
     * kolla directory and the hiera directory, and never into Hearth's own configuration, token, TLS
     * files, state, hook directories or heat-config's deployed records.
     */
    static JsonFileSettings jsonFileSettings(AgentConfig config) {
        List<java.nio.file.Path> roots = new ArrayList<>(
                config.jsonFile().roots() != null ? config.jsonFile().roots() : JsonFileSettings.DEFAULT_ROOTS);
        roots.add(config.configVolumes().kollaDir());
        roots.add(config.configVolumes().hieraDir());
        List<java.nio.file.Path> forbidden = new ArrayList<>(
                List.of(JsonFileSettings.HEARTH_CONFIG_DIR, config.stateDir(), config.heatConfigDeployedDir()));
        forbidden.addAll(config.hookSearchPath());
        AgentConfig.Http h = config.http();
        java.util.stream.Stream.of(
                        h.tokenFile(), h.tlsCert(), h.tlsKey(), h.tlsClientCa(), h.clientCert(), h.clientKey())
                .filter(java.util.Objects::nonNull)
                .forEach(forbidden::add);
        return new JsonFileSettings(roots, config.configVolumes().kollaDir(), forbidden);
    }

    public static DockerHookSettings dockerSettings(AgentConfig config) {
        AgentConfig.Docker d = config.docker();
        DockerHookSettings base = DockerHookSettings.defaults();
        return new DockerHookSettings(
                d.host(),
                d.parallelism(),
                d.waitHealthy(),
                d.healthyTimeout(),
                d.apiTimeout(),
                base.pullTimeout(),
                base.pullAttempts(),
                base.pullBackoffCap(),
                base.daemonRetryWindow(),
                base.stopTimeoutSeconds(),
                d.repairDrift(),
                base.managedBy(),
                config.configVolumes().prefix(),
                d.units());
    }

    /** How {@code TRIPLEO_CONFIG_HASH} is put together ({@code config_volumes.prefix} and {@code config_hash}). */
    public static ConfigHashes configHashes(AgentConfig config) {
        AgentConfig.ConfigVolumes v = config.configVolumes();
        return new ConfigHashes(v.prefix(), ConfigHashes.Composition.parse(v.configHash()));
    }

    static ConfigVolumeSettings configVolumeSettings(AgentConfig config) {
        AgentConfig.ConfigVolumes v = config.configVolumes();
        ConfigVolumeSettings base = ConfigVolumeSettings.defaults();
        return new ConfigVolumeSettings(
                v.prefix(),
                v.puppetDir(),
                v.modulesDir(),
                config.stateDir().resolve("config-volumes"),
                v.parallelism(),
                base.puppetTimeout(),
                config.docker().apiTimeout(),
                base.netHost(),
                config.node().name() != null ? config.node().name() : base.hostname(),
                base.extraVolumes(),
                base.labels(),
                base.keepFailedContainers(),
                base.manifestPreamble(),
                config.node().bootstrap(),
                config.docker().host(),
                VolumeChecksum.Algorithm.parse(v.checksum()));
    }

    /** The docker-cmd hook, for the agent's cleanup, drift and readiness. */
    public static DockerCmdHook docker(HookRegistry hooks) {
        return (DockerCmdHook) hooks.find(DockerCmdHook.GROUP).orElseThrow();
    }

    /**
     * Whether this node uses the docker-cmd hook: a docker-cmd deployment ran here (or was adopted from
     * heat-config). Nodes that never ran one never talk to Docker, so a node without Docker is not slowed
     * down or reported unready.
     */
    static boolean usesDocker(DeploymentStore store) {
        return store.list().stream().anyMatch(r -> DockerCmdHook.GROUP.equals(r.group()));
    }

    /** Readiness of the hooks that need a daemon: the engine must answer on a node that uses it, and says which it is. */
    public static List<ReadinessProbe> readiness(HookRegistry hooks, DeploymentStore store) {
        DockerCmdHook docker = docker(hooks);
        return List.of(() -> {
            if (!usesDocker(store)) return List.of(ReadinessCheck.ok("docker (not used on this node)"));
            try {
                // The version call is the ping: it also says which engine answers (docker or podman).
                return List.of(
                        ReadinessCheck.ok("docker", docker.engine().info().describe()));
            } catch (RuntimeException e) {
                return List.of(ReadinessCheck.failed("docker", "Docker Engine not reachable: " + e.getMessage()));
            }
        });
    }

    /**
     * What a metadata document's cleanup may remove: every managed container, except those of roles
     * deployed locally with `hearth deploy` (stack {@code hearth-role/<role>}), which clean up after
     * themselves, unless the document itself carries that role's deployments (its per-step form was
     * pushed, so the document is the role's metadata).
     */
    public static java.util.function.Predicate<DeploymentKey> metadataScope(List<Deployment> deployments) {
        java.util.Set<String> stacks = new java.util.HashSet<>();
        deployments.forEach(d -> d.stackId().ifPresent(stacks::add));
        return key -> !key.stackId().startsWith(RoleTranslation.STACK_PREFIX) || stacks.contains(key.stackId());
    }

    /**
     * Every metadata document first goes through the docker-cmd cleanup: containers of deployment
     * resources no longer in the node's metadata are removed, suffixed names renamed back.
     */
    public static List<NodeMetadataObserver> observers(HookRegistry hooks, DeploymentStore store) {
        DockerCmdHook docker = docker(hooks);
        return List.of(deployments -> {
            if (deployments.stream().noneMatch(d -> d.group().equals(DockerCmdHook.GROUP)) && !usesDocker(store)) {
                return List.of();
            }
            try {
                // Each action's line is logged by the hook as it finishes; what a failed one printed is added here.
                List<String> lines = new ArrayList<>();
                // Only what this state directory created: another agent or `hearth apply --state-dir` keeps its own.
                for (ActionResult r : docker.cleanup(deployments, metadataScope(deployments), store::hasRun)) {
                    if (!r.ok() && !r.output().isEmpty()) {
                        lines.add("docker-cmd cleanup of " + r.container() + " failed: "
                                + r.output().strip());
                    }
                }
                return lines;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } catch (RuntimeException e) {
                return List.of("docker-cmd cleanup skipped: " + e.getMessage());
            }
        });
    }
}
