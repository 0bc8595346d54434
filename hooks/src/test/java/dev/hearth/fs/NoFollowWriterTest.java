package dev.hearth.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoFollowWriterTest {
    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesCreatingDirectoriesAndLeavesAnUnchangedFileAlone() throws Exception {
        Path file = tmp.resolve("a/b/c.json");
        assertThat(NoFollowWriter.write(file, bytes("{}\n"), AtomicFiles.FILE_0600, AtomicFiles.DIR_0755))
                .isEqualTo(NoFollowWriter.Outcome.WROTE);
        assertThat(Files.readString(file)).isEqualTo("{}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(NoFollowWriter.write(file, bytes("{}\n"), AtomicFiles.FILE_0600, AtomicFiles.DIR_0755))
                .isEqualTo(NoFollowWriter.Outcome.UNCHANGED);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
        try (var siblings = Files.list(file.getParent())) {
            assertThat(siblings).containsExactly(file);
        }
    }

    @Test
    void aSymlinkSwappedInForADirectoryAfterTheCheckIsNotFollowed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("root/conf"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path file = dir.resolve("x.json");
        assertThat(NoFollowWriter.check(file)).isNull();

        // between check and write, the directory becomes a link to somewhere else
        Files.move(dir, tmp.resolve("root/conf.real"));
        Files.createSymbolicLink(dir, outside);

        assertThatThrownBy(() -> NoFollowWriter.write(file, bytes("{}"), AtomicFiles.FILE_0600, AtomicFiles.DIR_0755))
                .isInstanceOf(NoFollowWriter.RefusedPath.class)
                .hasMessageContaining("symbolic link");
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
        assertThat(NoFollowWriter.check(file)).contains(dir + " is a symbolic link");
    }

    @Test
    void aDirectoryFlippingToASymlinkDuringWritesNeverLetsOneEscape() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path dir = Files.createDirectories(root.resolve("conf"));
        Path aside = root.resolve("conf.real");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger flips = new AtomicInteger();
        // Flips conf between the real directory and a link to outside; when the writer re-creates a
        // missing conf in between, that copy is removed and the flip goes on.
        Thread flipper = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    continue;
                }
                try {
                    Files.createSymbolicLink(dir, outside);
                    Files.delete(dir);
                } catch (IOException e) {
                    removeTree(dir);
                }
                while (true) {
                    try {
                        Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
                        break;
                    } catch (IOException e) {
                        removeTree(dir);
                    }
                }
                flips.incrementAndGet();
            }
        });
        flipper.start();
        int wrote = 0;
        int refused = 0;
        try {
            long end = System.nanoTime() + 3_000_000_000L;
            for (int i = 0; System.nanoTime() < end && i < 20_000; i++) {
                try {
                    NoFollowWriter.write(
                            dir.resolve("x.json"),
                            bytes("{\"i\": " + i + "}"),
                            AtomicFiles.FILE_0600,
                            AtomicFiles.DIR_0755);
                    wrote++;
                } catch (IOException e) {
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            flipper.join();
        }
        try (var files = Files.list(outside)) {
            assertThat(files).as("wrote %d, refused %d", wrote, refused).isEmpty();
        }
        assertThat(wrote).isPositive();
        assertThat(refused).isPositive();
        assertThat(flips.get()).isGreaterThan(100);
    }

    private static void removeTree(Path p) {
        try (var all = Files.walk(p)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException ignored) {
                    // the writer may be removing its temp file at the same time
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // gone already
        }
    }

    @Test
    void aFileOrDirectoryInTheWayIsRefused() throws Exception {
        Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> NoFollowWriter.write(
                        tmp.resolve("plain/x.json"), bytes("{}"), AtomicFiles.FILE_0600, AtomicFiles.DIR_0755))
                .isInstanceOf(NoFollowWriter.RefusedPath.class)
                .hasMessageContaining("not a directory");
        Files.createDirectories(tmp.resolve("d.json"));
        assertThatThrownBy(() -> NoFollowWriter.write(
                        tmp.resolve("d.json"), bytes("{}"), AtomicFiles.FILE_0600, AtomicFiles.DIR_0755))
                .isInstanceOf(NoFollowWriter.RefusedPath.class)
                .hasMessageContaining("is a directory");
    }
}
