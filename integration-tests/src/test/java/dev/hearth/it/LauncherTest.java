package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/hearth's choice of Java: 21 or newer, wherever a Debian or RHEL node keeps it. */
class LauncherTest {
    private static final Duration T = Duration.ofMinutes(2);
    private static final Pattern AOT_CACHE_FLAG = Pattern.compile("-XX:AOTCache=(\\S+)");
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

    @Test
    void aShortCommandStartsFromItsOwnCacheAndFallsBackWhenItIsMissingOrStale() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path jar = Files.copy(HearthProcess.JAR, lib.resolve("hearth.jar"));
        Path statusCache = lib.resolve("hearth-status.aot");
        Path sharedCache = lib.resolve("hearth.aot");
        // bin/hearth-aot's training run of status, with the launcher's flags and this jar.
        HearthProcess.Result trained = HearthProcess.run(
                dir,
                Map.of("HEARTH_JAR", jar.toString(), "HEARTH_AOT_TRAIN", "status"),
                null,
                T,
                HearthProcess.HOME.resolve("config/agent.yaml").toString());
        assertThat(trained.exitCode()).as(trained.stderr()).isZero();
        assertThat(statusCache).isRegularFile();

        // AOTMode=on: the JVM refuses to start unless it maps the cache the launcher named.
        assertThat(cacheOf(jar, "status")).isEqualTo(statusCache.toString());
        // hook has no cache of its own yet and there is no hearth.aot: no cache at all.
        assertThat(cacheOf(jar, "hook")).isNull();

        // Without its own cache a command falls back to hearth.aot (here a copy of a valid cache).
        Files.copy(statusCache, sharedCache);
        assertThat(cacheOf(jar, "hook")).isEqualTo(sharedCache.toString());
        Files.delete(statusCache);
        assertThat(cacheOf(jar, "status")).isEqualTo(sharedCache.toString());
        // Once the jar is newer than the caches (an upgrade without bin/hearth-aot), no command takes one.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(cacheOf(jar, "status")).isNull();
        assertThat(cacheOf(jar, "version")).isNull();
    }

    /** The AOT cache the launcher gives {@code COMMAND --help} (null: none), checked to be mapped when given. */
    private String cacheOf(Path jar, String command) throws Exception {
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of("HEARTH_JAR", jar.toString(), "HEARTH_JAVA_OPTS", "-XX:+PrintCommandLineFlags"),
                null,
                T,
                command,
                "--help");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Matcher flag = AOT_CACHE_FLAG.matcher(r.stdout().lines().findFirst().orElseThrow());
        String cache = flag.find() ? flag.group(1) : null;
        if (cache != null) {
            HearthProcess.Result mapped = HearthProcess.run(
                    dir,
                    Map.of("HEARTH_JAR", jar.toString(), "HEARTH_JAVA_OPTS", "-XX:AOTMode=on"),
                    null,
                    T,
                    command,
                    "--help");
            assertThat(mapped.exitCode())
                    .as(command + " with " + cache + ": " + mapped.stderr())
                    .isZero();
        }
        return cache;
    }
}
