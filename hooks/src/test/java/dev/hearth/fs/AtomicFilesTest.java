package dev.hearth.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void removeOrphansDeletesOnlyTheTempFilesOfInterruptedWrites() throws Exception {
        AtomicFiles.write(dir.resolve("m.json"), "{}", AtomicFiles.FILE_0600);
        Files.writeString(dir.resolve(".m.json.tmp-3fa2b91c07d4e6a8"), "{\"half");
        Files.writeString(dir.resolve(".n.json.tmp-1"), "");
        Files.writeString(dir.resolve("m.json.tmp-1"), "not ours: no leading dot");
        Files.writeString(dir.resolve(".m.json.tmp-notahex"), "not ours");
        Files.createDirectory(dir.resolve(".d.tmp-2"));
        Files.createSymbolicLink(dir.resolve(".l.tmp-3"), dir.resolve("m.json"));

        assertThat(AtomicFiles.removeOrphans(dir)).isEqualTo(2);

        try (var names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("m.json", "m.json.tmp-1", ".m.json.tmp-notahex", ".d.tmp-2", ".l.tmp-3");
        }
        assertThat(AtomicFiles.removeOrphans(dir.resolve("missing"))).isZero();
    }

    @Test
    void ensureDirectorySetsTheModeOfWhatItCreatesOnly() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);
        Path etc = Files.createDirectory(dir.resolve("etc-puppet"));
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));

        AtomicFiles.ensureDirectory(shared, AtomicFiles.DIR_0700);
        AtomicFiles.ensureDirectory(etc, AtomicFiles.DIR_0700);
        Path created = AtomicFiles.ensureDirectory(shared.resolve("a/b"), AtomicFiles.DIR_0700);

        assertThat((Integer) Files.getAttribute(shared, "unix:mode") & 07777).isEqualTo(01777);
        assertThat(Files.getPosixFilePermissions(etc)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getPosixFilePermissions(created)).isEqualTo(AtomicFiles.DIR_0700);
        assertThat(Files.getPosixFilePermissions(created.getParent())).isEqualTo(AtomicFiles.DIR_0700);
    }
}
