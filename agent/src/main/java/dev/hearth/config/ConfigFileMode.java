package dev.hearth.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * agent.yaml holds credentials (collector passwords, signed URLs): a file its group or everyone may
 * read is worth a warning at start. Not an error, so that an install with a looser mode keeps running.
 */
public final class ConfigFileMode {
    private ConfigFileMode() {}

    /**
     * The warning about a config file that others may read.
     *
     * @return the warning for {@code file}, empty when only its owner may read it or it does not exist
     */
    public static Optional<String> warning(Path file) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        boolean group = mode.contains(PosixFilePermission.GROUP_READ);
        boolean others = mode.contains(PosixFilePermission.OTHERS_READ);
        if (!group && !others) return Optional.empty();
        return Optional.of(file + " is readable by " + (others ? "others" : "its group") + " (mode "
                + PosixFilePermissions.toString(mode) + ") and holds credentials; chmod 0600 it");
    }
}
