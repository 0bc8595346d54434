package dev.hearth.http;

import dev.hearth.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The token the agent makes for itself when agent.yaml names neither {@code http.token_file} nor
 * client certificates: {@code <state_dir>/api-token}, created on first start with mode 0600 and kept
 * across restarts. Only its owner (root) can read it, so only root can use the API, and
 * {@code hearth push} / {@code hearth status} find it in the same place without flags.
 */
public final class ApiToken {
    /** The file's name under {@code state_dir}. */
    public static final String FILE_NAME = "api-token";

    private static final int BYTES = 32;

    private ApiToken() {}

    public static Path defaultFile(Path stateDir) {
        return stateDir.resolve(FILE_NAME);
    }

    /** Reads the token file, first creating it with a fresh random token when it does not exist. */
    public static BearerAuth loadOrCreate(Path file) {
        if (!Files.exists(file)) create(file);
        return BearerAuth.fromFile(file);
    }

    private static void create(Path file) {
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random) + "\n";
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            // Created with 0600 from the start and renamed into place: no moment in which the token
            // sits in a file someone else may read, and no half-written token after a crash.
            tmp = Files.createTempFile(
                    file.getParent(),
                    "." + FILE_NAME + "-",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigException("http: cannot create the API token " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // A leftover temporary file holds a token nobody uses.
                }
            }
        }
    }
}
