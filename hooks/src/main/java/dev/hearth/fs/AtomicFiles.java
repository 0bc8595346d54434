package dev.hearth.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Every state change on disk goes through here: write a temp file in the same directory, fsync,
 * rename over the target, fsync the directory. A crash at any instant leaves the old or the new file,
 * and maybe the temp file, which {@link #removeOrphans} deletes once no writer can be running.
 */
public final class AtomicFiles {
    public static final Set<PosixFilePermission> FILE_0600 = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FILE_0644 = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> FILE_0700 = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE_0755 = PosixFilePermissions.fromString("rwxr-xr-x");
    public static final Set<PosixFilePermission> DIR_0700 = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> DIR_0755 = PosixFilePermissions.fromString("rwxr-xr-x");

    /** The name {@link #write} gives its temp file: a dot, the target's name, {@code .tmp-} and a hex number. */
    private static final Pattern TEMP = Pattern.compile("\\..+\\.tmp-[0-9a-f]{1,16}");

    private AtomicFiles() {}

    /**
     * Deletes the temp files a killed {@link #write} left in {@code dir} (the target itself was never
     * touched). Only safe while nothing else writes there: the caller holds the directory's lock.
     *
     * @return how many were deleted
     */
    public static int removeOrphans(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return 0;
        int removed = 0;
        try (var files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (TEMP.matcher(f.getFileName().toString()).matches()
                        && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    public static void write(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(
                    tmp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(mode))) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, mode); // the umask may have narrowed the create mode
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates the directory and its missing parents with {@code mode} (whatever the umask). A directory
     * that already exists keeps its mode: it is not Hearth's to change (a shared directory, /etc/puppet).
     */
    public static Path ensureDirectory(Path dir, Set<PosixFilePermission> mode) throws IOException {
        Path absolute = dir.toAbsolutePath();
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) missing.push(p);
        for (Path p : missing) {
            try {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(mode));
                Files.setPosixFilePermissions(p, mode); // the umask may have narrowed the create mode
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by someone else: theirs, so its mode is left alone
            }
        }
        if (!Files.isDirectory(absolute))
            throw new FileAlreadyExistsException(absolute + " exists and is not a directory");
        return dir;
    }

    public static void deleteDurably(Path file) throws IOException {
        if (Files.deleteIfExists(file)) fsyncDirectory(file.toAbsolutePath().getParent());
    }

    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems refuse to open directories; the rename is still atomic there.
        }
    }
}
