package dev.hearth.hook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where and how a hook runs: its own working directory (scripts, manifests), the directory where
 * user code writes {@code <heat_outputs_path>.<output>} files, a time limit, the environment to
 * hand to child processes, and a sink for progress lines (shown live by the CLI, logged by the agent).
 */
public record HookContext(
        Path workingDir,
        Path outputsDir,
        Duration timeout,
        Map<String, String> environment,
        Consumer<String> progress) {

    public HookContext {
        environment = Map.copyOf(environment);
        if (progress == null) progress = line -> {};
    }

    /** Defaults that match heat-agents' paths for {@code group}, rooted at {@code stateDir}. */
    public static HookContext under(Path stateDir, String group, Duration timeout) {
        return new HookContext(
                stateDir.resolve("hooks").resolve(group),
                stateDir.resolve("outputs").resolve(group),
                timeout,
                System.getenv(),
                null);
    }

    public HookContext withProgress(Consumer<String> sink) {
        return new HookContext(workingDir, outputsDir, timeout, environment, sink);
    }
}
