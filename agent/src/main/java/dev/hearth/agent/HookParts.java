package dev.hearth.agent;

import dev.hearth.config.AgentConfig;
import dev.hearth.configvolume.ConfigVolumeGenerator;
import dev.hearth.configvolume.PuppetContainerRunner;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.Engine;
import dev.hearth.process.ProcessRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the built-in hooks are made of, each part made the first time a hook asks for it and then
 * shared: the agent builds every hook on one process runner and one Engine gateway, while `hearth hook
 * script` never makes the gateway, the meter registry or the config-volume generator it does not use.
 * Used while the hooks are built, from one thread.
 */
final class HookParts {
    private final AgentConfig config;
    private final Map<String, String> env;
    private final Supplier<MeterRegistry> metersFactory;
    private MeterRegistry meters;
    private ProcessRunner runner;
    private DockerHookSettings docker;
    private Engine engine;
    private ConfigVolumeGenerator volumes;

    HookParts(AgentConfig config, Map<String, String> env, Supplier<MeterRegistry> meters) {
        this.config = config;
        this.env = env;
        this.metersFactory = meters;
    }

    AgentConfig config() {
        return config;
    }

    Map<String, String> env() {
        return env;
    }

    MeterRegistry meters() {
        if (meters == null) meters = metersFactory.get();
        return meters;
    }

    ProcessRunner runner() {
        if (runner == null) runner = BuiltinHooks.processRunner(config);
        return runner;
    }

    DockerHookSettings docker() {
        if (docker == null) docker = BuiltinHooks.dockerSettings(config);
        return docker;
    }

    /** The one gateway to the Engine for every hook that needs it (its address resolved once, in AgentConfig). */
    Engine engine() {
        if (engine == null) engine = Engine.connect(docker(), env, meters());
        return engine;
    }

    ConfigVolumeGenerator volumes() {
        if (volumes == null) {
            volumes = new ConfigVolumeGenerator(
                    BuiltinHooks.configVolumeSettings(config),
                    new PuppetContainerRunner(engine(), config.docker().apiTimeout()));
        }
        return volumes;
    }
}
