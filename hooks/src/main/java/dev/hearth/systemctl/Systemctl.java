package dev.hearth.systemctl;

import dev.hearth.process.ProcessResult;
import dev.hearth.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way to systemd: {@code systemctl} for the units of managed containers and for whole services
 * (the agent's own unit and the one it replaces), and {@code systemd-analyze verify}. Against a running
 * systemd it enables and starts, stops and disables ({@code --now}); where systemd is not running, or
 * for another root, only the unit files are changed ({@code --root}), since nothing can be started or
 * stopped there. sd_notify and the watchdog of the agent's own service are the agent's (its systemd
 * package).
 */
public final class Systemctl {
    /** Exists while systemd is the running service manager (sd_booted(3)). */
    public static final Path RUNNING_MARKER = Path.of("/run/systemd/system");

    public static final String NOT_FOUND = "not-found";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String executable;
    private final Path root;
    private final Path runningMarker;
    /** Made on the first command: most Systemctl instances (a migrate --dry-run, units never written) run none. */
    private ProcessRunner runner;

    /**
     * @param executable    {@code systemctl}, or another program taking its arguments
     * @param root          the file system whose units are meant; anything but {@code /} means unit files only
     * @param runningMarker the directory whose presence says systemd runs ({@link #RUNNING_MARKER})
     */
    public Systemctl(String executable, Path root, Path runningMarker) {
        this.executable = executable;
        this.root = root.toAbsolutePath().normalize();
        this.runningMarker = runningMarker;
    }

    public static Systemctl forRoot(Path root) {
        return new Systemctl("systemctl", root, RUNNING_MARKER);
    }

    /** This machine's systemd. */
    public static Systemctl host() {
        return forRoot(Path.of("/"));
    }

    /** Services can be started and stopped: systemd runs and the root is this machine's. */
    public boolean live() {
        return root.equals(Path.of("/")) && Files.isDirectory(runningMarker);
    }

    public Path root() {
        return root;
    }

    /** {@code enabled}, {@code disabled}, {@code static}, {@code masked}, ... or {@link #NOT_FOUND}. */
    public String unitFileState(String unit) {
        Result r = exec(command("is-enabled", List.of(unit), false));
        String first = r.stdout().strip().lines().findFirst().orElse("");
        // is-enabled exits non-zero for disabled units too: only an empty answer means there is no unit file.
        return first.isEmpty() ? NOT_FOUND : first;
    }

    /** Enables the units, and starts them when {@link #live()}. The command line run is returned. */
    public String enable(List<String> units) {
        return run("enable", units);
    }

    /** Stops (when {@link #live()}) and disables the units. The command line run is returned. */
    public String disable(List<String> units) {
        return run("disable", units);
    }

    /** Makes a running systemd read the unit files again. */
    public void daemonReload() {
        run(List.of(executable, "daemon-reload"));
    }

    /**
     * Runs {@code systemd-analyze verify} on the files and returns what it says about them: it exits 0
     * on unknown keys and bad values, and reports unrelated units of the host too, so only lines
     * naming one of {@code files} count.
     */
    public List<String> verify(List<Path> files) {
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze", "verify"));
        files.forEach(f -> cmd.add(f.toString()));
        Result r = exec(cmd);
        List<String> problems = new ArrayList<>();
        for (String line : r.output().split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            boolean ours = files.stream()
                    .anyMatch(f -> l.contains(f.toString())
                            || l.startsWith(f.getFileName().toString() + ":"));
            if (ours) problems.add(l);
        }
        if (r.code() != 0 && problems.isEmpty()) {
            problems.add("systemd-analyze verify exited " + r.code() + ": "
                    + r.output().strip());
        }
        return problems;
    }

    /** The command line {@link #enable} or {@link #disable} would run. */
    public String describe(String verb, List<String> units) {
        return String.join(" ", command(verb, units, live()));
    }

    private String run(String verb, List<String> units) {
        return run(command(verb, units, live()));
    }

    private String run(List<String> cmd) {
        Result r = exec(cmd);
        if (r.code() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.code() + ": "
                    + r.output().strip());
        }
        return String.join(" ", cmd);
    }

    private List<String> command(String verb, List<String> units, boolean now) {
        List<String> cmd = new ArrayList<>(List.of(executable));
        if (!live()) cmd.add("--root=" + root);
        cmd.add(verb);
        if (now) cmd.add("--now");
        cmd.addAll(units);
        return cmd;
    }

    private record Result(int code, String stdout, String output) {}

    /**
     * Through {@link ProcessRunner}, so the child carries Hearth's process mark: a hook's tree
     * termination takes an unmarked child started during the hook for the hook's orphan.
     */
    private Result exec(List<String> cmd) {
        ProcessResult r = runner().runTool(cmd, Map.of("SYSTEMD_PAGER", ""), TIMEOUT);
        return new Result(r.exitCode(), r.stdout(), r.stdout() + r.stderr());
    }

    private synchronized ProcessRunner runner() {
        if (runner == null) runner = new ProcessRunner();
        return runner;
    }
}
