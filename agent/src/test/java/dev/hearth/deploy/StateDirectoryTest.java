package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.config.ConfigException;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.role.HieraSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state directory others can write, or another user's, is refused and left as it was. */
class StateDirectoryTest {
    @TempDir
    Path dir;

    private static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    @Test
    void aSharedWorldWritableDirectoryIsRefusedAndNotChmodded() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("tmp"));
        Files.setAttribute(shared, "unix:mode", 01777);

        assertThatThrownBy(() -> StateLock.acquire(shared))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state directory " + shared + " can be written by other users (mode 1777)")
                .hasMessageContaining("refusing it");
        assertThat(mode(shared)).isEqualTo(01777);
        assertThat(shared.resolve("lock")).doesNotExist();

        Path groupWritable = Files.createDirectory(dir.resolve("group"));
        Files.setAttribute(groupWritable, "unix:mode", 0770);
        assertThatThrownBy(() -> StateLock.acquire(groupWritable)).hasMessageContaining("mode 0770");
        assertThat(mode(groupWritable)).isEqualTo(0770);
    }

    @Test
    void anotherUsersDirectoryIsRefused() throws Exception {
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.setAttribute(theirs, "unix:mode", 0700);
        Files.setAttribute(theirs, "unix:uid", 65534); // nobody (the tests run as root)

        assertThatThrownBy(() -> StateLock.acquire(theirs))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("belongs to uid 65534");
    }

    @Test
    void aMissingDirectoryIsCreated0700AndAnOwnReadableOneKeepsItsMode() throws Exception {
        Path fresh = dir.resolve("new/state");
        StateLock.acquire(fresh).close();
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(AtomicFiles.DIR_0700);

        Path own = Files.createDirectory(dir.resolve("own"));
        Files.setAttribute(own, "unix:mode", 0755);
        StateLock.acquire(own).close();
        new DeploymentStore(own);
        assertThat(mode(own)).isEqualTo(0755);
    }

    @Test
    void hieraSetupLeavesTheModeOfAnExistingPuppetDirectory() throws Exception {
        Path etcPuppet = Files.createDirectory(dir.resolve("puppet"));
        Files.setPosixFilePermissions(etcPuppet, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(HieraSetup.ensure(etcPuppet)).isTrue();
        assertThat(mode(etcPuppet)).isEqualTo(0755);
    }
}
