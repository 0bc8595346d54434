package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the shaded jar keeps and drops: each trim against the code path that could need it (Docker
 * over TLS without BouncyCastle: DockerOverTlsTest).
 */
class ShadedJarTest {

    @Test
    void noBouncyCastleAndNoSecurityProviderService() throws Exception {
        try (ZipFile jar = new ZipFile(HearthProcess.JAR.toFile())) {
            assertThat(jar.stream().filter(e -> e.getName().startsWith("org/bouncycastle/")))
                    .isEmpty();
            assertThat(jar.getEntry("META-INF/services/java.security.Provider")).isNull();
            assertThat(jar.getEntry("dev/hearth/docker/DockerTls.class")).isNotNull();
        }
    }
}
