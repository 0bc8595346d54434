package dev.hearth.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file by absolute path without ever following a symbolic link. Each directory on the way is
 * opened relative to the descriptor of its parent with {@code O_NOFOLLOW} ({@link SecureDirectoryStream},
 * i.e. {@code openat}), so a link swapped in for a directory between the check and the write cannot
 * redirect the write: the open fails instead. The content goes to a temp file created in the final
 * directory through that directory's descriptor, is fsynced, and renamed over the target within the same
 * directory ({@code renameat}). A symbolic link anywhere on the path, the target included, is refused.
 *
 * <p>Missing directories are created by path ({@code mkdir} has no descriptor-relative form in Java) and
 * then opened by descriptor with {@code O_NOFOLLOW}: if a parent was swapped in that instant, the
 * directory is not found where the descriptor points and the write is refused.
 */
public final class NoFollowWriter {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    public enum Outcome {
        WROTE,
        UNCHANGED
    }

    /** A path that cannot be written because of what is on it (a link, a non-directory). */
    public static final class RefusedPath extends IOException {
        public RefusedPath(String message) {
            super(message);
        }
    }

    private NoFollowWriter() {}

    /**
     * Checks, without writing, that no existing component of {@code target} (the target included) is a
     * symbolic link, that every existing ancestor is a directory and the target is not one.
     *
     * @return null when the path may be written, else why not
     */
    public static String check(Path target) {
        Path current = target.getRoot();
        for (Path name : target) {
            current = current.resolve(name);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(current, BasicFileAttributes.class, NOFOLLOW);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                return "cannot inspect " + current + ": " + e.getClass().getSimpleName();
            }
            if (a.isSymbolicLink()) return current + " is a symbolic link; links are refused on json-file paths";
            boolean last = current.equals(target);
            if (!last && !a.isDirectory()) return current + " is not a directory";
            if (last && !a.isRegularFile()) return a.isDirectory() ? "is a directory" : "is not a regular file";
        }
        return null;
    }

    /**
     * Writes {@code content} to the absolute, normalized {@code target} unless it already holds exactly
     * those bytes (then nothing is touched, not even its mode).
     *
     * @param mode    the mode of a written file
     * @param dirMode the mode of directories created on the way
     */
    public static Outcome write(
            Path target, byte[] content, Set<PosixFilePermission> mode, Set<PosixFilePermission> dirMode)
            throws IOException {
        if (!target.isAbsolute() || !target.equals(target.normalize()) || target.getParent() == null) {
            throw new RefusedPath(target + ": not an absolute, normalized file path");
        }
        List<SecureDirectoryStream<Path>> open = new ArrayList<>();
        try {
            SecureDirectoryStream<Path> dir = openRoot(target.getRoot());
            open.add(dir);
            Path at = target.getRoot();
            Path parent = target.getParent();
            for (Path name : parent) {
                at = at.resolve(name);
                dir = child(dir, name, at, dirMode);
                open.add(dir);
            }
            return writeIn(dir, target, content, mode);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (IOException ignored) {
                    // closing a directory descriptor cannot lose data
                }
            }
        }
    }

    // The stream is the caller's to close when it is returned, and closed here when it is not.
    @SuppressWarnings("StreamResourceLeak")
    private static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
        DirectoryStream<Path> s = Files.newDirectoryStream(root);
        if (s instanceof SecureDirectoryStream<Path> sds) return sds;
        s.close();
        throw new IOException(
                "this platform cannot open directories by descriptor; json-file needs it to write safely");
    }

    private static SecureDirectoryStream<Path> child(
            SecureDirectoryStream<Path> dir, Path name, Path at, Set<PosixFilePermission> dirMode) throws IOException {
        BasicFileAttributes a = attributes(dir, name);
        if (a == null) {
            try {
                Files.createDirectory(at, PosixFilePermissions.asFileAttribute(dirMode));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made by someone else meanwhile: inspected below like any existing entry
            }
            a = attributes(dir, name);
            if (a == null) throw new RefusedPath(at + " changed while it was being created");
        }
        if (a.isSymbolicLink()) throw new RefusedPath(at + " is a symbolic link; links are refused on json-file paths");
        if (!a.isDirectory()) throw new RefusedPath(at + " is not a directory");
        try {
            return dir.newDirectoryStream(name, NOFOLLOW);
        } catch (FileSystemException e) {
            // ELOOP / ENOTDIR: the entry was replaced by a link or a file after it was inspected.
            throw new RefusedPath(at + " changed into a symbolic link or a file while being opened");
        }
    }

    private static Outcome writeIn(
            SecureDirectoryStream<Path> dir, Path target, byte[] content, Set<PosixFilePermission> mode)
            throws IOException {
        Path name = target.getFileName();
        BasicFileAttributes a = attributes(dir, name);
        if (a != null) {
            if (a.isSymbolicLink())
                throw new RefusedPath(target + " is a symbolic link; links are refused on json-file paths");
            if (!a.isRegularFile())
                throw new RefusedPath(target + (a.isDirectory() ? " is a directory" : " is not a regular file"));
            if (a.size() == content.length && Arrays.equals(read(dir, name, content.length), content)) {
                return Outcome.UNCHANGED;
            }
        }
        Path tmp = Path.of("." + name + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        boolean moved = false;
        try {
            try (SeekableByteChannel ch = dir.newByteChannel(
                    tmp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(mode))) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                if (ch instanceof FileChannel fc) fc.force(true);
            }
            // the umask may have narrowed the create mode
            dir.getFileAttributeView(tmp, PosixFileAttributeView.class, NOFOLLOW)
                    .setPermissions(mode);
            dir.move(tmp, dir, name);
            moved = true;
            fsync(dir);
            return Outcome.WROTE;
        } finally {
            if (!moved) {
                try {
                    dir.deleteFile(tmp);
                } catch (IOException ignored) {
                    // never created, or already gone
                }
            }
        }
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static byte[] read(SecureDirectoryStream<Path> dir, Path name, int expected) throws IOException {
        try (SeekableByteChannel ch =
                dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buf = ByteBuffer.allocate(expected + 1);
            while (buf.hasRemaining() && ch.read(buf) > 0) {}
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    private static void fsync(SecureDirectoryStream<Path> dir) {
        try (SeekableByteChannel ch = dir.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
            if (ch instanceof FileChannel fc) fc.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to open directories; the rename is still atomic there
        }
    }
}
