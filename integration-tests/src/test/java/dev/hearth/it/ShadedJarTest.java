package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the shaded jar keeps and drops: each trim against the code path that could need it. Docker over
 * TLS without BouncyCastle: DockerOverTlsTest. /metrics without the protobuf exposition: AgentHttpTest
 * (the real agent's text scrape). JNA's Linux library: every test that starts the agent (the subreaper)
 * or talks to dockerd's unix socket through bin/hearth.
 */
class ShadedJarTest {

    @Test
    void noBouncyCastleAndNoSecurityProviderService() throws Exception {
        try (ZipFile jar = new ZipFile(HearthProcess.JAR.toFile())) {
            assertThat(names(jar).filter(n -> n.startsWith("org/bouncycastle/")))
                    .isEmpty();
            assertThat(jar.getEntry("META-INF/services/java.security.Provider")).isNull();
            assertThat(jar.getEntry("dev/hearth/docker/DockerTls.class")).isNotNull();
        }
    }

    @Test
    void prometheusTextFormatsOnlyWithoutTheProtobufExposition() throws Exception {
        try (ZipFile jar = new ZipFile(HearthProcess.JAR.toFile())) {
            assertThat(names(jar)
                            .filter(n -> n.startsWith("io/prometheus/metrics/shaded/")
                                    || n.startsWith("io/prometheus/metrics/expositionformats/generated/")
                                    || n.startsWith("io/prometheus/metrics/expositionformats/internal/")))
                    .isEmpty();
            assertThat(jar.getEntry("io/prometheus/metrics/expositionformats/PrometheusTextFormatWriter.class"))
                    .isNotNull();
        }
    }

    @Test
    void jnaNativeLibrariesForLinuxOnly() throws Exception {
        try (ZipFile jar = new ZipFile(HearthProcess.JAR.toFile())) {
            List<String> natives = names(jar)
                    .filter(n -> n.matches("com/sun/jna/[^/]+/[^/]*jnidispatch[^/]*"))
                    .toList();
            assertThat(natives)
                    .contains(
                            "com/sun/jna/linux-x86-64/libjnidispatch.so",
                            "com/sun/jna/linux-aarch64/libjnidispatch.so");
            assertThat(natives).allMatch(n -> n.startsWith("com/sun/jna/linux-"));
        }
    }

    private static java.util.stream.Stream<String> names(ZipFile jar) {
        return jar.stream().map(ZipEntry::getName);
    }
}
