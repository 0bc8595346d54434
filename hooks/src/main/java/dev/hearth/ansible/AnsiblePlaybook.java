package dev.hearth.ansible;

import dev.hearth.fs.AtomicFiles;
import dev.hearth.process.ProcessResult;
import dev.hearth.process.ProcessRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one place that starts {@code ansible-playbook}. The environment makes it behave the same for
 * any user and leave nothing in {@code ~/.ansible}: no colour, no retry files, its home and temp
 * directories under the run's working directory, no interpreter-discovery warning.
 */
public final class AnsiblePlaybook {
    public static final String DEFAULT_COMMAND = "ansible-playbook";
    /** heat-agents' override of the command (docs/heat-protocol.md#hooks-of-heat-agents). */
    public static final String COMMAND_ENV = "HEAT_ANSIBLE_CMD";

    private final ProcessRunner runner;
    private final String command;

    public AnsiblePlaybook(ProcessRunner runner, String command) {
        this.runner = runner;
        this.command = command == null || command.isBlank() ? DEFAULT_COMMAND : command;
    }

    /** The command named by {@code HEAT_ANSIBLE_CMD} in {@code env}, else {@code ansible-playbook}. */
    public static AnsiblePlaybook fromEnvironment(ProcessRunner runner, Map<String, String> env) {
        return new AnsiblePlaybook(runner, env.get(COMMAND_ENV));
    }

    public String command() {
        return command;
    }

    /**
     * The executable: the command itself when it is a path, else the first match on {@code PATH}
     * of {@code env} (the JVM's own PATH when {@code env} has none).
     */
    public Path executable(Map<String, String> env) throws AnsibleNotFoundException {
        if (command.contains("/")) {
            Path p = Path.of(command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
            throw new AnsibleNotFoundException(
                    command + " not found or not executable (set " + COMMAND_ENV + " or install ansible-core)");
        }
        String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        for (String dir : path.split(File.pathSeparator, -1)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        throw new AnsibleNotFoundException(
                command + " not found on PATH " + path + " (set " + COMMAND_ENV + " or install ansible-core)");
    }

    /**
     * Runs the playbook with {@code workingDir} as current directory and Ansible home.
     *
     * @param env   the environment to start from (the agent's, with the caller's additions)
     * @param lines receives output lines as they come, or null
     */
    public ProcessResult run(
            PlaybookInvocation invocation,
            Path workingDir,
            Map<String, String> env,
            Duration timeout,
            Consumer<String> lines)
            throws IOException, InterruptedException {
        Path exe = executable(env);
        List<String> argv = new ArrayList<>();
        argv.add(exe.toString());
        argv.addAll(invocation.arguments());
        return runner.run(argv, workingDir, environment(env, workingDir), null, timeout, lines);
    }

    /** {@code env} plus the settings above; {@code <workingDir>/.ansible} is created (0700). */
    static Map<String, String> environment(Map<String, String> env, Path workingDir) throws IOException {
        Path home = AtomicFiles.ensureDirectory(workingDir.resolve(".ansible"), AtomicFiles.DIR_0700);
        Map<String, String> out = new HashMap<>(env);
        out.remove("ANSIBLE_FORCE_COLOR");
        out.put("ANSIBLE_NOCOLOR", "1");
        out.put("ANSIBLE_RETRY_FILES_ENABLED", "0");
        out.put("ANSIBLE_HOME", home.toString());
        out.put("ANSIBLE_LOCAL_TEMP", home.resolve("tmp").toString());
        out.put("ANSIBLE_REMOTE_TEMP", home.resolve("remote_tmp").toString());
        out.putIfAbsent("ANSIBLE_PYTHON_INTERPRETER", "auto_silent");
        return out;
    }
}
