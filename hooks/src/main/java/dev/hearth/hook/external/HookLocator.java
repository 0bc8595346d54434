package dev.hearth.hook.external;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds an executable hook for a group in the hook directories, first match wins (docs/heat-protocol.md#hook-contract). */
public final class HookLocator {
    private final List<Path> directories;

    public HookLocator(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    /** heat-config keeps only {@code [A-Za-z0-9_-]} of the group: "ec/../ho!" looks for "echo". */
    public static String sanitise(String group) {
        return group.replaceAll("[^A-Za-z0-9_-]", "");
    }

    public Optional<Path> find(String group) {
        String name = sanitise(group);
        if (name.isEmpty()) return Optional.empty();
        for (Path dir : directories) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    public List<Path> directories() {
        return directories;
    }
}
