package dev.hearth.http;

import dev.hearth.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's Unix socket file ({@code http.socket}), as dockerd keeps its own: mode 0660, group
 * {@code hearth} when that group exists (else root's), so that only root and that group may connect.
 */
final class SocketFile {
    static final String GROUP = "hearth";
    private static final Logger log = LoggerFactory.getLogger(SocketFile.class);

    private SocketFile() {}

    /** Before binding: the directory exists, a socket left by an earlier run is gone, nothing else is in the way. */
    static void prepare(Path socket) {
        try {
            Path parent = socket.toAbsolutePath().getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(
                        parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            }
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                if (!"socket".equals(kind(socket))) {
                    throw new ConfigException(
                            "http.socket: " + socket + " exists and is not a socket; remove it or choose another path");
                }
                Files.delete(socket);
            }
        } catch (IOException e) {
            throw new ConfigException("http.socket: cannot prepare " + socket + ": " + e.getMessage(), e);
        }
    }

    /** After binding: 0660 and the {@code hearth} group when there is one; returns the group it has. */
    static String restrict(Path socket) {
        try {
            // By path (chmod/chown): the socket sits in a directory only root may enter, and a
            // socket cannot be opened to change it through a descriptor.
            PosixFileAttributeView view = Files.getFileAttributeView(socket, PosixFileAttributeView.class);
            group(socket).ifPresent(g -> {
                try {
                    view.setGroup(g);
                } catch (IOException e) {
                    log.warn("http.socket: cannot give {} to group {}: {}", socket, GROUP, e.getMessage());
                }
            });
            view.setPermissions(PosixFilePermissions.fromString("rw-rw----"));
            return view.readAttributes().group().getName();
        } catch (IOException e) {
            throw new ConfigException("http.socket: cannot restrict " + socket + ": " + e.getMessage(), e);
        }
    }

    private static Optional<GroupPrincipal> group(Path socket) {
        try {
            return Optional.of(
                    socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String kind(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int m = (Integer) mode & 0170000;
        return m == 0140000 ? "socket" : "other";
    }

    /** A fresh directory next to {@code socket} that only the agent's user may enter. */
    static Path stagingDirectory(Path socket) {
        try {
            return Files.createTempDirectory(
                    socket.toAbsolutePath().getParent(),
                    ".hearth-sock-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new ConfigException(
                    "http.socket: cannot create a directory next to " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Moves the bound, restricted socket to its path in one step. */
    static void publish(Path bound, Path socket) {
        try {
            Files.move(bound, socket, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigException("http.socket: cannot move the socket to " + socket + ": " + e.getMessage(), e);
        }
    }

    static void remove(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("http.socket: cannot remove {}: {}", socket, e.getMessage());
        }
    }
}
