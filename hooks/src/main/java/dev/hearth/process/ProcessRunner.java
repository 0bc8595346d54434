package dev.hearth.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a child process with stdin, environment and a time limit, capturing stdout and stderr
 * (each capped, keeping the tail) on virtual threads. On timeout (or interruption) the command's whole
 * process tree, daemonised children included, gets SIGTERM, then SIGKILL after the kill grace; see
 * {@link ProcessTree} for what belongs to it.
 */
public final class ProcessRunner {
    /** Heat takes at most ~1 MB per signal; more output than this is of no use to anyone. */
    public static final int DEFAULT_CAPTURE_LIMIT = 4 * 1024 * 1024;
    /** hooks.kill_grace's default. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);
    /**
     * The grace when the run is interrupted (the agent stopping): the agent's stop is bounded, and the
     * worker is given a few seconds to exit (systemd's TimeoutStopSec counts on it).
     */
    static final Duration INTERRUPTED_KILL_GRACE = Duration.ofSeconds(3);
    /** A zombie child still there this long after it exited is not one the JDK reaps: it is an orphan's. */
    private static final Duration ORPHAN_REAP_DELAY = Duration.ofSeconds(1);

    private final int captureLimit;
    private final Duration killGrace;
    private final ChildSubreaper subreaper;
    private final TreeTermination termination;

    public ProcessRunner() {
        this(DEFAULT_CAPTURE_LIMIT, DEFAULT_KILL_GRACE, ChildSubreaper.enable());
    }

    public ProcessRunner(int captureLimit) {
        this(captureLimit, DEFAULT_KILL_GRACE, ChildSubreaper.enable());
    }

    public ProcessRunner(Duration killGrace) {
        this(DEFAULT_CAPTURE_LIMIT, killGrace, ChildSubreaper.enable());
    }

    public ProcessRunner(int captureLimit, Duration killGrace, ChildSubreaper subreaper) {
        this.captureLimit = captureLimit;
        this.killGrace = killGrace;
        this.subreaper = subreaper;
        this.termination = new TreeTermination(subreaper);
    }

    public Duration killGrace() {
        return killGrace;
    }

    public ChildSubreaper subreaper() {
        return subreaper;
    }

    /**
     * A short host tool (systemctl, iptables) run to its end in the C locale (its messages are parsed),
     * with no input and {@code extraEnvironment} over the agent's: its result, or IllegalStateException
     * naming the tool when it cannot start, is interrupted or outlives {@code timeout}.
     */
    public ProcessResult runTool(List<String> command, Map<String, String> extraEnvironment, Duration timeout) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(extraEnvironment);
        env.put("LC_ALL", "C");
        ProcessResult r;
        try {
            r = run(command, null, env, new byte[0], timeout);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command.getFirst() + " interrupted", e);
        }
        if (r.timedOut()) {
            throw new IllegalStateException(command.getFirst() + " did not finish in " + timeout.toSeconds() + " s");
        }
        return r;
    }

    public ProcessResult run(
            List<String> command, Path workingDir, Map<String, String> environment, byte[] stdin, Duration timeout)
            throws IOException, InterruptedException {
        return run(command, workingDir, environment, stdin, timeout, null);
    }

    /**
     * Refuses what no process can be given: a variable name holding '=' or NUL, a value holding NUL.
     * The JDK refuses them too, but with the value quoted in its message, and the values are the
     * deployment's inputs (passwords among them); this message names the variable only.
     */
    static void checkEnvironment(Map<String, String> environment) throws IOException {
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String name = e.getKey();
            if (name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IOException("an environment variable's name holds '=' or a NUL character,"
                        + " which no process can be given (an input's name?)");
            }
            if (e.getValue() != null && e.getValue().indexOf('\0') >= 0) {
                throw new IOException("environment variable " + name
                        + " holds a NUL character, which no process can be given (value not shown)");
            }
        }
    }

    /**
     * Runs a child process to its end or its timeout.
     *
     * @param lines if not null, receives stdout and stderr lines as they come (progress display)
     */
    public ProcessResult run(
            List<String> command,
            Path workingDir,
            Map<String, String> environment,
            byte[] stdin,
            Duration timeout,
            Consumer<String> lines)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workingDir != null) pb.directory(workingDir.toFile());
        if (environment != null) {
            checkEnvironment(environment);
            pb.environment().clear();
            pb.environment().putAll(environment);
        }
        ProcessTree tree = new ProcessTree();
        pb.environment()
                .put(ProcessTree.MARK_VARIABLE, tree.markEntry().substring(ProcessTree.MARK_VARIABLE.length() + 1));
        Process p = pb.start();
        tree.rooted(p.pid());
        TailBuffer out = new TailBuffer(captureLimit);
        TailBuffer err = new TailBuffer(captureLimit);
        Thread outPump = Thread.ofVirtual().start(() -> pump(p.getInputStream(), out, lines));
        Thread errPump = Thread.ofVirtual().start(() -> pump(p.getErrorStream(), err, lines));
        Thread inPump = Thread.ofVirtual().start(() -> {
            try (OutputStream os = p.getOutputStream()) {
                if (stdin != null) os.write(stdin);
            } catch (IOException ignored) {
                // The child closed stdin early: not our failure.
            }
        });
        boolean finished;
        try {
            finished = timeout == null ? waitForever(p) : p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            endTree(p, tree, killGrace.compareTo(INTERRUPTED_KILL_GRACE) < 0 ? killGrace : INTERRUPTED_KILL_GRACE);
            throw e;
        }
        if (!finished) endTree(p, tree, killGrace);
        else watchOrphans(tree);
        int code = finished ? p.exitValue() : -1;
        // The pumps end when every holder of the pipes is gone; a daemonised grandchild could hold
        // them forever, so do not wait more than a moment.
        outPump.join(Duration.ofSeconds(5));
        errPump.join(Duration.ofSeconds(5));
        inPump.join(Duration.ofSeconds(1));
        return new ProcessResult(code, out.text(), err.text(), !finished);
    }

    private static boolean waitForever(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    private void endTree(Process p, ProcessTree tree, Duration grace) throws InterruptedException {
        try {
            termination.end(tree, grace);
        } finally {
            // The root is the JDK's to reap; without /proc it is at least killed.
            if (p.isAlive()) p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The command ended on its own but left children that daemonised: they keep running (a hook may
     * start a service), and since they are now this process's children, they are reaped when they end
     * rather than left as zombies.
     */
    private void watchOrphans(ProcessTree tree) {
        if (!subreaper.active()) return;
        for (ProcStat orphan : tree.orphans()) {
            ProcessHandle.of(orphan.pid()).ifPresent(h -> {
                // Nobody waits for the reaping: it has nothing to report, and a zombie left would harm nothing.
                var unused = h.onExit()
                        .thenRunAsync(
                                () -> reapIfZombie(orphan.pid()),
                                java.util.concurrent.CompletableFuture.delayedExecutor(
                                        ORPHAN_REAP_DELAY.toMillis(), TimeUnit.MILLISECONDS));
            });
        }
    }

    private void reapIfZombie(long pid) {
        ProcStat.of(pid)
                .filter(s -> s.zombie() && s.parent() == ProcessHandle.current().pid())
                .ifPresent(s -> subreaper.reap(pid));
    }

    private static void pump(InputStream in, TailBuffer sink, Consumer<String> lines) {
        byte[] buf = new byte[8192];
        StringBuilder line = new StringBuilder();
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sink.write(buf, n);
                if (lines != null) {
                    String chunk = new String(buf, 0, n, StandardCharsets.UTF_8);
                    for (int i = 0; i < chunk.length(); i++) {
                        char c = chunk.charAt(i);
                        if (c == '\n') {
                            lines.accept(line.toString());
                            line.setLength(0);
                        } else {
                            line.append(c);
                        }
                    }
                }
            }
            if (lines != null && !line.isEmpty()) lines.accept(line.toString());
        } catch (IOException ignored) {
            // The stream closes when the process is killed.
        }
    }

    /** Keeps the last {@code limit} bytes: the end of a log is where the error is. */
    private static final class TailBuffer {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean truncated;

        TailBuffer(int limit) {
            this.limit = limit;
        }

        synchronized void write(byte[] b, int n) {
            bytes.write(b, 0, n);
            if (bytes.size() > limit * 2) {
                byte[] all = bytes.toByteArray();
                bytes.reset();
                bytes.write(all, all.length - limit, limit);
                truncated = true;
            }
        }

        synchronized String text() {
            byte[] all = bytes.toByteArray();
            if (all.length > limit) {
                byte[] tail = new byte[limit];
                System.arraycopy(all, all.length - limit, tail, 0, limit);
                all = tail;
                truncated = true;
            }
            String s = new String(all, StandardCharsets.UTF_8);
            return truncated ? "[... output truncated ...]\n" + s : s;
        }
    }
}
