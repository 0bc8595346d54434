package dev.hearth.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way to systemd for container units: {@code systemctl} (reload, enable and start, stop and
 * disable) and {@code systemd-analyze verify}. sd_notify and the watchdog of the agent's own service
 * are elsewhere (the agent's systemd package).
 */
public class SystemdGateway {
    /** Exists while systemd is the running service manager (sd_booted). */
    public static final Path RUNNING_MARKER = Path.of("/run/systemd/system");

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Path runningMarker;

    public SystemdGateway() {
        this(RUNNING_MARKER);
    }

    SystemdGateway(Path runningMarker) {
        this.runningMarker = runningMarker;
    }

    /** Whether systemd runs here: without it units can be written and verified, not enabled. */
    public boolean running() {
        return Files.isDirectory(runningMarker);
    }

    public void daemonReload() {
        run(List.of("systemctl", "daemon-reload"));
    }

    /** Enables and starts the units (starting one that runs already does nothing). */
    public void enableNow(List<String> units) {
        List<String> cmd = new ArrayList<>(List.of("systemctl", "enable", "--now"));
        cmd.addAll(units);
        run(cmd);
    }

    /** Stops and disables the units; units that are not loaded are fine. */
    public void disableNow(List<String> units) {
        List<String> cmd = new ArrayList<>(List.of("systemctl", "disable", "--now"));
        cmd.addAll(units);
        run(cmd);
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
        for (String line : r.output().split("\n")) {
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

    private void run(List<String> cmd) {
        Result r = exec(cmd);
        if (r.code() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.code() + ": "
                    + r.output().strip());
        }
    }

    private record Result(int code, String output) {}

    private static Result exec(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd.getFirst() + " did not finish in " + TIMEOUT.toSeconds() + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(cmd.getFirst() + " interrupted", e);
        }
    }
}
