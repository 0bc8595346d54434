package dev.hearth.agent;

import dev.hearth.ansible.AnsibleHook;
import dev.hearth.config.AgentConfig;
import dev.hearth.hook.HookRegistry;
import dev.hearth.hook.script.ScriptHook;
import dev.hearth.process.ProcessRunner;
import dev.hearth.deploy.NodeMetadataObserver;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;

/** The hooks Hearth has built in, configured from agent.yaml. */
public final class BuiltinHooks {
    private BuiltinHooks() {}

    public static HookRegistry create(AgentConfig config, MeterRegistry meters) {
        ProcessRunner runner = new ProcessRunner();
        return new HookRegistry()
                .register(new ScriptHook(runner))
                .register(AnsibleHook.fromEnvironment(runner, System.getenv()));
    }

    /** Readiness checks of the hooks that depend on a daemon (Docker reachable when a docker hook is enabled). */
    public static List<dev.hearth.http.ReadinessProbe> readiness(HookRegistry hooks) {
        return List.of();
    }

    /** What must see every metadata document (the docker-cmd cleanup of removed deployments). */
    public static List<NodeMetadataObserver> observers(HookRegistry hooks) {
        return List.of();
    }
}
