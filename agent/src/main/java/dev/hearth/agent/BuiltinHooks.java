package dev.hearth.agent;

import dev.hearth.config.AgentConfig;
import dev.hearth.hook.HookRegistry;
import dev.hearth.hook.script.ScriptHook;
import dev.hearth.process.ProcessRunner;
import io.micrometer.core.instrument.MeterRegistry;

/** The hooks Hearth has built in, configured from agent.yaml. */
public final class BuiltinHooks {
    private BuiltinHooks() {}

    public static HookRegistry create(AgentConfig config, MeterRegistry meters) {
        ProcessRunner runner = new ProcessRunner();
        return new HookRegistry()
                .register(new ScriptHook(runner));
    }
}
