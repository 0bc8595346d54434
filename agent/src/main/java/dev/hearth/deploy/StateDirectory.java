package dev.hearth.deploy;

import dev.hearth.config.ConfigException;
import dev.hearth.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The state directory must be this user's alone: whoever else can write there could plant markers
 * (a deployment that then never runs), signals or pushed documents. A missing one is created 0700;
 * an existing one is checked, never chmodded (it may be a shared directory an operator pointed
 * {@code --state-dir} at by mistake: refusing says so, changing its mode would break its other users).
 */
public final class StateDirectory {
    private StateDirectory() {}

    public static Path prepare(Path stateDir) throws IOException {
        if (!Files.exists(stateDir)) {
            return AtomicFiles.ensureDirectory(stateDir, AtomicFiles.DIR_0700);
        }
        if (!Files.isDirectory(stateDir)) {
            throw new ConfigException("state directory " + stateDir + " exists and is not a directory");
        }
        int owner = (Integer) Files.getAttribute(stateDir, "unix:uid");
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != self) {
            throw new ConfigException(
                    "state directory " + stateDir + " belongs to uid " + owner + ", not to this user (uid " + self
                            + "); refusing it: give hearth a directory of its own (--state-dir or state_dir)");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(stateDir);
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            int bits = (Integer) Files.getAttribute(stateDir, "unix:mode") & 07777;
            throw new ConfigException("state directory " + stateDir + " can be written by other users (mode "
                    + String.format("%04o", bits) + "); refusing it rather than changing its mode: give hearth a "
                    + "directory of its own (e.g. mkdir -m 0700 " + stateDir.resolve("hearth") + ")");
        }
        return stateDir;
    }
}
