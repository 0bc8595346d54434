package dev.hearth.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The unit files of containers in one directory: written atomically (0644), compared, removed. */
final class UnitFiles {
    private final Path dir;

    UnitFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path path(String fileName) {
        return dir.resolve(fileName);
    }

    boolean hasService(String container) {
        return Files.exists(path(ContainerUnit.serviceName(container)));
    }

    /**
     * Writes the unit's files where their content differs and removes healthcheck files it no longer
     * has. Returns whether anything changed.
     */
    boolean write(ContainerUnit unit) {
        Map<String, String> files = unit.files();
        boolean changed = false;
        try {
            Files.createDirectories(dir);
            for (var f : files.entrySet()) {
                Path target = path(f.getKey());
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), content))
                    continue;
                Path tmp = Files.createTempFile(
                        dir,
                        "." + f.getKey(),
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
                try {
                    Files.write(tmp, content);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                changed = true;
            }
            for (String name : ContainerUnit.fileNames(unit.container())) {
                if (!files.containsKey(name) && Files.deleteIfExists(path(name))) changed = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the units of " + unit.container() + " in " + dir + ": " + e.getMessage(), e);
        }
        return changed;
    }

    /** The unit files of a container that exist (service first). */
    List<String> existing(String container) {
        List<String> names = new ArrayList<>();
        for (String n : ContainerUnit.fileNames(container)) if (Files.exists(path(n))) names.add(n);
        return names;
    }

    void remove(List<String> fileNames) {
        try {
            for (String n : fileNames) Files.deleteIfExists(path(n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove unit files in " + dir + ": " + e.getMessage(), e);
        }
    }
}
