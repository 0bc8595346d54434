package dev.hearth.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code bin/hearth} launcher with the jar Maven just packaged: what an operator runs.
 * Output goes to files so that a long-running agent never blocks on a full pipe.
 */
public final class HearthProcess implements AutoCloseable {
    public static final Path HOME =
            Path.of(System.getProperty("hearth.home", "..")).toAbsolutePath().normalize();
    public static final Path LAUNCHER = HOME.resolve("bin/hearth");
    public static final Path JAR = HOME.resolve("agent/target/hearth.jar");

    public record Result(int exitCode, String stdout, String stderr) {}

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private HearthProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private static ProcessBuilder builder(Path workDir, Map<String, String> env, List<String> args) {
        return builder(workDir, env, List.of(), args);
    }

    private static ProcessBuilder builder(
            Path workDir, Map<String, String> env, List<String> prefix, List<String> args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(
                    JAR + " is missing: run the tests through Maven (mvn verify) so the agent is packaged first");
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(LAUNCHER.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("HEARTH_JAR", JAR.toString());
        pb.environment().putAll(env);
        return pb;
    }

    /** Starts {@code hearth ARGS} in the background. */
    public static HearthProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "hearth-", ".out");
        Path err = Files.createTempFile(workDir, "hearth-", ".err");
        ProcessBuilder pb = builder(workDir, env, List.of(args));
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new HearthProcess(pb.start(), out, err);
    }

    /**
     * Starts {@code PREFIX... hearth ARGS} in the background, e.g. with a prefix that enters another
     * mount namespace and then execs the launcher (so the process is still the agent itself).
     */
    public static HearthProcess start(Path workDir, Map<String, String> env, List<String> prefix, String... args)
            throws IOException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "hearth-", ".out");
        Path err = Files.createTempFile(workDir, "hearth-", ".err");
        ProcessBuilder pb = builder(workDir, env, prefix, List.of(args));
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new HearthProcess(pb.start(), out, err);
    }

    /**
     * Starts {@code hearth ARGS} in the background with its standard error in {@code stderr}, a file
     * the caller made (e.g. to name it in JOURNAL_STREAM).
     */
    public static HearthProcess start(Path workDir, Path stderr, Map<String, String> env, String... args)
            throws IOException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "hearth-", ".out");
        ProcessBuilder pb = builder(workDir, env, List.of(args));
        pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        return new HearthProcess(pb.start(), out, stderr);
    }

    /** Runs {@code hearth ARGS} to the end, with {@code stdin}. */
    public static Result run(Path workDir, Map<String, String> env, String stdin, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "hearth-", ".out");
        Path err = Files.createTempFile(workDir, "hearth-", ".err");
        ProcessBuilder pb = builder(workDir, env, List.of(args));
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("hearth " + String.join(" ", args) + " did not finish in " + timeout
                    + "\nstderr:\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() throws IOException {
        return Files.readString(stdout);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** SIGKILL: no shutdown hook runs (the crash tests). */
    public void kill9() throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hearth did not exit within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** Sends a signal by name (e.g. HUP) through kill(1). */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill9();
    }
}
