package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the shaded jar keeps and drops: each trim against the code path that could need it. */
class ShadedJarTest {

    @Test
    void bouncyCastleIsNoSecurityProviderServiceButDockerOverTlsStillReadsItsPemFiles(@TempDir Path certs)
            throws Exception {
        try (ZipFile jar = new ZipFile(HearthProcess.JAR.toFile())) {
            assertThat(jar.getEntry("META-INF/services/java.security.Provider")).isNull();
            assertThat(jar.getEntry("org/bouncycastle/jce/provider/BouncyCastleProvider.class"))
                    .isNotNull();
        }
        // DOCKER_CERT_PATH as `docker` and docker-java expect it: ca.pem, cert.pem, key.pem (made by openssl).
        openssl(
                certs,
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
                "/CN=docker-ca",
                "-keyout",
                "ca-key.pem",
                "-out",
                "ca.pem");
        openssl(
                certs,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=hearth",
                "-keyout",
                "key.pem",
                "-out",
                "cert.pem");
        // The jar alone (no test class path), as the agent runs it.
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {HearthProcess.JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> config = loader.loadClass("com.github.dockerjava.core.LocalDirectorySSLConfig");
            Object ssl = config.getConstructor(String.class).newInstance(certs.toString());
            Object context = config.getMethod("getSSLContext").invoke(ssl);
            assertThat(context).isInstanceOf(javax.net.ssl.SSLContext.class);
        }
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }
}
