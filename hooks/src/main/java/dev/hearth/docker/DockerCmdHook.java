package dev.hearth.docker;

import dev.hearth.hook.Deployment;
import dev.hearth.hook.DeploymentSecrets;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.secret.Secrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code docker-cmd} hook: converges the containers of one deployment through the Docker Engine
 * API (never the CLI), prints one JSON object (docs/heat-protocol.md#defects-of-the-python-chain-hearth-does-not-repeat). {@link #cleanup} is the per-pass removal of
 * containers of deployments that are gone (50-heat-config-docker-cmd), {@link #checkDrift} the
 * per-pass drift report and repair.
 */
public final class DockerCmdHook implements Hook, AutoCloseable {
    public static final String GROUP = "docker-cmd";
    private static final Logger LOG = LoggerFactory.getLogger(DockerCmdHook.class);

    private final DockerHookSettings settings;
    private final ContainerEngine engine;
    private final MeterRegistry meters;
    private final Planner planner;
    private final PlanExecutor executor;
    private final ConfigHashes hashes;

    public DockerCmdHook(DockerHookSettings settings, ContainerEngine engine, MeterRegistry meters) {
        this(settings, engine, meters, new ConfigHashes(settings.configDataPrefix()));
    }

    public DockerCmdHook(
            DockerHookSettings settings, ContainerEngine engine, MeterRegistry meters, ConfigHashes hashes) {
        this.settings = settings;
        this.engine = engine;
        this.meters = meters;
        this.planner = new Planner(settings.managedBy());
        this.executor = new PlanExecutor(engine, settings, meters);
        this.hashes = hashes;
    }

    /** A hook with its own Engine connection ({@code DOCKER_HOST} read from {@code environment}). */
    public static DockerCmdHook connect(
            DockerHookSettings settings, Map<String, String> environment, MeterRegistry meters) {
        return new DockerCmdHook(settings, Engine.connect(settings, environment, meters), meters);
    }

    /** The same, with the agent's way of composing {@code TRIPLEO_CONFIG_HASH}. */
    public static DockerCmdHook connect(
            DockerHookSettings settings, Map<String, String> environment, MeterRegistry meters, ConfigHashes hashes) {
        return new DockerCmdHook(settings, Engine.connect(settings, environment, meters), meters, hashes);
    }

    @Override
    public String group() {
        return GROUP;
    }

    /** The gateway this hook converges through (shared with the config volumes in the agent). */
    public ContainerEngine engine() {
        return engine;
    }

    @Override
    public HookResponse run(Deployment deployment, HookContext context) throws InterruptedException {
        Secrets secrets = DeploymentSecrets.of(deployment);
        DeploymentKey key = DeploymentKey.of(deployment);
        Instant deadline = Instant.now().plus(context.timeout());
        List<String> warnings = new ArrayList<>();
        ContainerPlan plan;
        Map<String, String> images = Map.of();
        List<EngineContainer> snapshot;
        try {
            if ("DELETE".equals(deployment.deployAction())) {
                snapshot = engine.listManaged();
                plan = planner.planDelete(deployment.id(), key, snapshot);
            } else {
                DockerConfig config;
                try {
                    config = DockerConfig.parse(deployment.config(), context.environment(), hashes);
                } catch (DockerConfigException e) {
                    // nothing touched: every problem of every container named
                    return HookResponse.of(
                            "",
                            secrets.mask("invalid docker-cmd config, no container was changed:\n" + e.getMessage()),
                            1);
                }
                for (ContainerSpec s : config.containers().values()) {
                    for (String v : s.secretValues()) secrets = secrets.and(v);
                }
                warnings.addAll(config.warnings());
                snapshot = engine.listManaged();
                images = config.containers().isEmpty() ? Map.of() : engine.localImages();
                plan = planner.plan(
                        deployment.id(), key, config, snapshot, inputs(config, key, snapshot, images, false, false));
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedException("docker-cmd interrupted");
            return HookResponse.of(
                    "",
                    secrets.mask("docker-cmd: cannot reach the Docker Engine at "
                            + settings.resolvedHost(context.environment()) + ": " + PlanExecutor.message(e)),
                    1);
        }
        for (Drift d : plan.drift()) {
            warnings.add(d.toString());
            recordDrift(d);
        }
        Secrets masking = secrets;
        UnaryOperator<String> mask = masking::mask;
        List<ActionResult> results = executor.execute(
                plan, new PlanExecutor.Run(deployment.id(), images, snapshot, deadline, mask, context.progress()));
        return response(results, warnings, mask);
    }

    static HookResponse response(List<ActionResult> results, List<String> warnings, UnaryOperator<String> mask) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        boolean failed = false;
        for (ActionResult r : results) {
            if (r.ok()) {
                out.append(r.line()).append('\n');
            } else {
                failed = true;
                err.append(r.line()).append('\n');
                if (!r.output().isEmpty()) {
                    err.append(r.output().lines().map(l -> "  | " + l).collect(Collectors.joining("\n")))
                            .append('\n');
                }
            }
        }
        for (String w : warnings) err.append("warning: ").append(w).append('\n');
        return HookResponse.of(mask.apply(out.toString()), mask.apply(err.toString()), failed ? 1 : 0);
    }

    /**
     * The cross-deployment pass, once per agent pass before deployments run: removes the managed
     * containers of deployment resources with no docker-cmd deployment in {@code allDeploymentsInMetadata}
     * (DELETE counts as none), then renames suffixed containers whose wanted name is free.
     */
    public List<ActionResult> cleanup(Collection<Deployment> allDeploymentsInMetadata) throws InterruptedException {
        return cleanup(allDeploymentsInMetadata, key -> true);
    }

    /**
     * The cleanup limited to containers whose deployment resource {@code scope} accepts (a local role
     * deploy removes the containers of its own steps that are gone, and nothing else).
     */
    public List<ActionResult> cleanup(
            Collection<Deployment> allDeploymentsInMetadata, java.util.function.Predicate<DeploymentKey> scope)
            throws InterruptedException {
        return cleanup(allDeploymentsInMetadata, scope, configId -> true);
    }

    /**
     * The cleanup limited by {@code scope}, removing only containers whose {@code config_id} label (the
     * deployment that created them) {@code recorded} accepts: the caller's own deployments.
     */
    public List<ActionResult> cleanup(
            Collection<Deployment> allDeploymentsInMetadata,
            java.util.function.Predicate<DeploymentKey> scope,
            java.util.function.Predicate<String> recorded)
            throws InterruptedException {
        List<EngineContainer> snapshot = managedIn(scope);
        ContainerPlan plan = planCleanup(allDeploymentsInMetadata, snapshot, recorded);
        if (plan.actions().isEmpty()) return List.of();
        List<ActionResult> results = executor.execute(
                plan,
                new PlanExecutor.Run(
                        "cleanup",
                        Map.of(),
                        snapshot,
                        Instant.now().plus(settings.callTimeout().multipliedBy(4)),
                        UnaryOperator.identity(),
                        line -> LOG.info("docker-cmd cleanup: {}", line)));
        return results;
    }

    /** Drift found in one pass, and what was done about it ({@code repairs} empty unless repair_drift). */
    public record DriftReport(List<Drift> drift, List<ActionResult> repairs) {}

    /**
     * Compares the containers of deployments already applied with what the Engine reports: stopped,
     * removed or changed containers are reported (log, metric {@value DockerMeters#DRIFT}) and, with
     * {@code repair_drift}, put back (execs are not re-run).
     */
    public DriftReport checkDrift(Collection<Deployment> appliedDeployments, Map<String, String> environment)
            throws InterruptedException {
        List<Deployment> docker = appliedDeployments.stream()
                .filter(d -> GROUP.equals(d.group()) && !"DELETE".equals(d.deployAction()))
                .toList();
        if (docker.isEmpty()) return new DriftReport(List.of(), List.of());
        List<EngineContainer> snapshot = engine.listManaged();
        Map<String, String> images = engine.localImages();
        List<Drift> drift = new ArrayList<>();
        List<ActionResult> repairs = new ArrayList<>();
        for (Deployment d : docker) {
            DockerConfig config;
            try {
                config = DockerConfig.parse(d.config(), environment, hashes);
            } catch (DockerConfigException e) {
                continue;
            }
            DeploymentKey key = DeploymentKey.of(d);
            ContainerPlan plan = planner.plan(
                    d.id(), key, config, snapshot, inputs(config, key, snapshot, images, settings.repairDrift(), true));
            for (Drift x : plan.drift()) {
                LOG.warn("{}", x);
                recordDrift(x);
            }
            drift.addAll(plan.drift());
            if (settings.repairDrift() && !plan.drift().isEmpty()) {
                ContainerPlan repair = new ContainerPlan(
                        plan.deploymentId(),
                        key,
                        plan.actions().stream()
                                .filter(a -> !(a instanceof PlanAction.Exec))
                                .toList(),
                        plan.drift());
                Secrets secrets = DeploymentSecrets.of(d);
                for (ContainerSpec s : config.containers().values()) {
                    for (String v : s.secretValues()) secrets = secrets.and(v);
                }
                Secrets masking = secrets;
                repairs.addAll(executor.execute(
                        repair,
                        new PlanExecutor.Run(
                                d.id(),
                                images,
                                snapshot,
                                Instant.now().plus(settings.healthyTimeout()),
                                masking::mask,
                                line -> LOG.info("docker-cmd drift repair: {}", line))));
            }
        }
        return new DriftReport(drift, repairs);
    }

    /** What {@code hearth plan} prints for one deployment: nothing is touched. */
    public ContainerPlan plan(Deployment deployment, Map<String, String> environment) {
        return plan(deployment, environment, hashes);
    }

    /** As {@link #plan(Deployment, Map)}, with config hashes other than those on disk (a deploy's check). */
    public ContainerPlan plan(Deployment deployment, Map<String, String> environment, ConfigHashes hashes) {
        DeploymentKey key = DeploymentKey.of(deployment);
        List<EngineContainer> snapshot = engine.listManaged();
        if ("DELETE".equals(deployment.deployAction())) return planner.planDelete(deployment.id(), key, snapshot);
        DockerConfig config = DockerConfig.parse(deployment.config(), environment, hashes);
        Map<String, String> images = engine.localImages();
        return planner.plan(
                deployment.id(), key, config, snapshot, inputs(config, key, snapshot, images, false, false));
    }

    /** What {@link #cleanup(Collection, java.util.function.Predicate, java.util.function.Predicate)} would remove. */
    public ContainerPlan planCleanup(
            Collection<Deployment> allDeploymentsInMetadata,
            java.util.function.Predicate<DeploymentKey> scope,
            java.util.function.Predicate<String> recorded) {
        return planCleanup(allDeploymentsInMetadata, managedIn(scope), recorded);
    }

    private List<EngineContainer> managedIn(java.util.function.Predicate<DeploymentKey> scope) {
        return engine.listManaged().stream()
                .filter(c -> c.key() != null ? scope.test(c.key()) : scope.test(new DeploymentKey("", "")))
                .toList();
    }

    private ContainerPlan planCleanup(
            Collection<Deployment> allDeploymentsInMetadata,
            List<EngineContainer> snapshot,
            java.util.function.Predicate<String> recorded) {
        Set<DeploymentKey> live = allDeploymentsInMetadata.stream()
                .filter(d -> GROUP.equals(d.group()) && !"DELETE".equals(d.deployAction()))
                .map(DeploymentKey::of)
                .collect(Collectors.toSet());
        Set<String> ids = allDeploymentsInMetadata.stream()
                .filter(d -> GROUP.equals(d.group()))
                .map(Deployment::id)
                .collect(Collectors.toSet());
        return planner.planCleanup(live, ids, snapshot, c -> {
            String configId = c.label(Labels.CONFIG_ID);
            return configId != null && recorded.test(configId);
        });
    }

    /**
     * A whole pass over a metadata document, as {@code hearth apply} does it: cleanup, then every
     * docker-cmd deployment in order. Responses by deployment id.
     */
    public Map<String, HookResponse> pass(List<Deployment> all, HookContext context) throws InterruptedException {
        cleanup(all);
        Map<String, HookResponse> responses = new LinkedHashMap<>();
        for (Deployment d : all) {
            if (GROUP.equals(d.group())) responses.put(d.id(), run(d, context));
        }
        return responses;
    }

    private Planner.Inputs inputs(
            DockerConfig config,
            DeploymentKey key,
            List<EngineContainer> snapshot,
            Map<String, String> localImages,
            boolean repair,
            boolean applied) {
        Map<String, String> imageIds = new HashMap<>();
        for (ContainerSpec s : config.containers().values()) {
            if (s.image() == null) continue;
            String id = localImages.get(ImageRefs.normalize(s.image()));
            if (id != null) imageIds.put(s.image(), id);
        }
        Map<String, Set<String>> legacy = new HashMap<>();
        for (EngineContainer c : snapshot) {
            if (!Labels.LEGACY_DOCKER_CMD.equals(c.label(Labels.MANAGED_BY))) continue;
            String configData = c.label(Labels.CONFIG_DATA);
            if (configData != null && !configData.isBlank()) continue;
            ContainerSpec s = config.containers().get(c.label(Labels.CONTAINER_NAME));
            DeploymentKey k = c.key();
            if (s == null || s.isExec() || (k != null && !k.equals(key))) continue;
            try {
                legacy.put(c.id(), LegacySettings.differences(s, engine.inspect(c.id())));
            } catch (RuntimeException e) {
                LOG.warn("cannot inspect {} to adopt it: {}", c.name(), PlanExecutor.message(e));
            }
        }
        return new Planner.Inputs(imageIds, legacy, repair, applied);
    }

    private void recordDrift(Drift d) {
        Counter.builder(DockerMeters.DRIFT)
                .description("Managed containers found changed outside Hearth")
                .tag("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT))
                .register(meters)
                .increment();
    }

    @Override
    public void close() {
        engine.close();
    }
}
