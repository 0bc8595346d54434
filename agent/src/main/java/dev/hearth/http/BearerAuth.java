package dev.hearth.http;

import dev.hearth.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The bearer token every endpoint but {@code /healthz} requires. Read once from a file that only its
 * owner may read; compared in constant time (both sides hashed first, so the length does not leak
 * either). {@link #toString()} never shows the token.
 */
public final class BearerAuth {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final String SCHEME = "bearer ";

    private final byte[] digest;

    BearerAuth(String token) {
        if (token == null || token.isBlank()) throw new ConfigException("http.token_file: the token is empty");
        this.digest = sha256(token.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the token (surrounding white space ignored), refusing a file group or others may access. */
    public static BearerAuth fromFile(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> loose = EnumSet.copyOf(GROUP_OR_OTHERS);
            loose.retainAll(mode);
            if (!loose.isEmpty()) {
                throw new ConfigException("http.token_file: " + file + " is accessible by group or others (mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(mode) + "); chmod 0600 it");
            }
            return new BearerAuth(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ConfigException("http.token_file: " + file + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException("http.token_file: " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the header carries the agent's token.
     *
     * @param authorization the {@code Authorization} header, or null
     */
    public boolean accepts(String authorization) {
        if (authorization == null
                || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] given = sha256(authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(digest, given);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "BearerAuth[*****]";
    }
}
