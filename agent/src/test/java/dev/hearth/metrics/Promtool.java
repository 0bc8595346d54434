package dev.hearth.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code promtool} (Debian package {@code prometheus}). Missing promtool is a test
 * failure, never a skip: {@code .ci/check-surface.sh} installs it.
 */
public final class Promtool {
    /**
     * What promtool said.
     *
     * @param exitCode promtool's exit status
     * @param output its stdout and stderr
     */
    public record Result(int exitCode, String output) {}

    private Promtool() {}

    public static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":", -1)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) return p;
        }
        throw new AssertionError(
                "promtool is not installed: the /metrics and alert-rule checks need it. "
                        + "Install it with: apt-get install -y --no-install-recommends prometheus (or run .ci/check-surface.sh)");
    }

    public static Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(find().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not finish within 60 s");
        }
        return new Result(p.exitValue(), out.join());
    }
}
