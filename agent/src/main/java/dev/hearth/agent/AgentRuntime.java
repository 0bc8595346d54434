package dev.hearth.agent;

import dev.hearth.config.AgentConfig;
import dev.hearth.deploy.DeploymentRunner;
import dev.hearth.deploy.DeploymentStore;
import dev.hearth.deploy.HeatConfigAdoption;
import dev.hearth.deploy.HookContexts;
import dev.hearth.deploy.HookResolver;
import dev.hearth.deploy.Inbox;
import dev.hearth.deploy.NodeMetadataObserver;
import dev.hearth.deploy.NodeSources;
import dev.hearth.deploy.Outcome;
import dev.hearth.deploy.Pipeline;
import dev.hearth.deploy.Recovery;
import dev.hearth.deploy.SignalService;
import dev.hearth.deploy.StateHealth;
import dev.hearth.deploy.StateLock;
import dev.hearth.hook.HookRegistry;
import dev.hearth.hook.external.HookLocator;
import dev.hearth.process.ProcessRunner;
import dev.hearth.role.StepMeters;
import dev.hearth.signal.OutboxSignalService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything that runs deployments, wired from the configuration: the store of markers, the
 * signal outbox, the hooks, the pipeline. Built the same way for the daemon and for `hearth apply`,
 * so that a pass is the same whichever runs it. Opening it settles what a crash left (recovery).
 */
public final class AgentRuntime implements AutoCloseable {
    private final AgentConfig config;
    private final MeterRegistry meters;
    private final DeploymentStore store;
    private final SignalService signals;
    private final HookRegistry hooks;
    private final Pipeline pipeline;
    private final List<String> recoveryReport;
    private final StateLock lock;
    private final StateHealth health;

    private AgentRuntime(
            AgentConfig config,
            MeterRegistry meters,
            DeploymentStore store,
            SignalService signals,
            HookRegistry hooks,
            Pipeline pipeline,
            List<String> recoveryReport,
            StateLock lock,
            StateHealth health) {
        this.health = health;
        this.config = config;
        this.meters = meters;
        this.store = store;
        this.signals = signals;
        this.hooks = hooks;
        this.pipeline = pipeline;
        this.recoveryReport = recoveryReport;
        this.lock = lock;
    }

    public static AgentRuntime open(
            AgentConfig config, MeterRegistry meters, Consumer<String> progress, Consumer<List<Outcome>> onPass)
            throws IOException {
        Clock clock = Clock.systemUTC();
        StateLock lock = StateLock.acquire(config.stateDir());
        DeploymentStore store = new DeploymentStore(config.stateDir());
        HeatConfigAdoption.adoptOnce(config.heatConfigDeployedDir(), store, config.stateDir());
        SignalService signals = OutboxSignalService.open(config, store, meters, clock);
        HookRegistry hooks = BuiltinHooks.create(config, meters);
        ProcessRunner processes = BuiltinHooks.processRunner(config);
        HookResolver resolver = new HookResolver(hooks, new HookLocator(config.hookSearchPath()), processes);
        StateHealth health = new StateHealth(meters);
        DeploymentRunner runner = new DeploymentRunner(
                store,
                signals,
                resolver,
                new HookContexts(config.stateDir(), config.hooks().timeout(), System.getenv(), progress),
                meters,
                clock,
                health);
        List<NodeMetadataObserver> observers = BuiltinHooks.observers(hooks, store);
        StepMeters steps = new StepMeters(meters, store);
        Consumer<List<Outcome>> passes = onPass == null ? steps : steps.andThen(onPass);
        Pipeline pipeline = new Pipeline(
                runner,
                store,
                new Inbox(config.stateDir()),
                new NodeSources(config.stateDir()),
                health,
                config.collectors(),
                observers,
                meters,
                clock,
                passes);
        List<String> report =
                new Recovery(store, signals, new HashSet<>(config.hooks().rerunInterrupted()), clock).recover();
        return new AgentRuntime(config, meters, store, signals, hooks, pipeline, report, lock, health);
    }

    public AgentConfig config() {
        return config;
    }

    public MeterRegistry meters() {
        return meters;
    }

    public DeploymentStore store() {
        return store;
    }

    public SignalService signals() {
        return signals;
    }

    public HookRegistry hooks() {
        return hooks;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public List<String> recoveryReport() {
        return recoveryReport;
    }

    /** Whether writes under state_dir work (disk full, I/O errors). */
    public StateHealth stateHealth() {
        return health;
    }

    @Override
    public void close() throws InterruptedException {
        pipeline.close();
        signals.close();
        try {
            lock.close();
        } catch (java.io.IOException e) {
            // the process exits soon; the kernel drops the lock then
        }
    }
}
