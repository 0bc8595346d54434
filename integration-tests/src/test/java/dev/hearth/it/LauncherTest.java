package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/hearth's choice of Java: 21 or newer, wherever a Debian or RHEL node keeps it. */
class LauncherTest {
    private static final Duration T = Duration.ofMinutes(2);
    /** Debian's Java 17 (package openjdk-17-jre-headless, installed by bin/test-all): too old for Hearth. */
    private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    @TempDir
    Path dir;

    @Test
    void anExplicitJavaOlderThan21IsRefusedWithItsVersion() throws Exception {
        HearthProcess.Result r = HearthProcess.run(
                dir, Map.of("HEARTH_JAVA", JAVA_17.resolve("bin/java").toString()), null, T, "version");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("is not Java 21 or newer (17)");
    }

    @Test
    void aShortCommandRunsWithNativeReflectionAccessors() throws Exception {
        HearthProcess.Result r =
                HearthProcess.run(dir, Map.of("HEARTH_JAVA_OPTS", "-XshowSettings:properties"), null, T, "version");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("jdk.reflect.useNativeAccessorOnly = true");
        assertThat(r.stdout()).startsWith("hearth ");
    }

    @Test
    void aJavaHomeOlderThan21IsPassedOverForANewerInstalledJdk() throws Exception {
        HearthProcess.Result r = HearthProcess.run(dir, Map.of("JAVA_HOME", JAVA_17.toString()), null, T, "version");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("hearth ").doesNotContain("Java 17");
        assertThat(r.stderr()).doesNotContain("WARNING");
    }
}
