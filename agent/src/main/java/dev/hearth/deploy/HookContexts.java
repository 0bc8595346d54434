package dev.hearth.deploy;

import dev.hearth.hook.HookContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where each group's hook works: {@code <state_dir>/hooks/<group>} and {@code <state_dir>/outputs/<group>},
 * with the configured time limit and the agent's environment.
 *
 * @param progress where the hooks' output lines go as they come (a command shows them); null in the
 *                 agent, where each line goes to the log tagged with its deployment ({@link HookOutputLog})
 */
public record HookContexts(
        Path stateDir, Duration timeout, Map<String, String> environment, Consumer<String> progress) {

    /** Whether a command shows the hooks' lines itself; otherwise they are logged. */
    boolean showsProgress() {
        return progress != null;
    }

    public HookContext forGroup(String group) {
        String dir = group.replaceAll("[^A-Za-z0-9_-]", "_");
        return new HookContext(
                stateDir.resolve("hooks").resolve(dir),
                stateDir.resolve("outputs").resolve(dir),
                timeout,
                environment,
                progress);
    }
}
