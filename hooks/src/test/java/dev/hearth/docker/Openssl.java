package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The openssl command, for the tests that make keys and certificates (DockerTlsTest, DockerOverTlsTest). */
public final class Openssl {
    private Openssl() {}

    /** Runs {@code openssl ARGS} in {@code dir}; the test fails unless it exits 0 within a minute. */
    public static void run(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }

    /** A self-signed EC certificate authority: ca.pem in {@code dir}, its key at {@code keyOut} (relative to it). */
    public static void selfSignedCa(Path dir, String name, String keyOut) throws Exception {
        run(
                dir,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=" + name,
                "-keyout",
                keyOut,
                "-out",
                "ca.pem");
    }
}
