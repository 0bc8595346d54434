package dev.hearth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileModeTest {
    @TempDir
    Path dir;

    @Test
    void aConfigurationOthersOrItsGroupMayReadIsNamedInAWarning() throws Exception {
        Path f = Files.writeString(dir.resolve("agent.yaml"), "heat: {password: s3cret}\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ConfigFileMode.warning(f))
                .hasValueSatisfying(w -> assertThat(w)
                        .contains(f.toString())
                        .contains("readable by others")
                        .contains("chmod 0600")
                        .doesNotContain("s3cret"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(ConfigFileMode.warning(f))
                .hasValueSatisfying(w -> assertThat(w).contains("readable by its group"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThat(ConfigFileMode.warning(f)).isEmpty();
        assertThat(ConfigFileMode.warning(dir.resolve("absent.yaml"))).isEmpty();
    }
}
