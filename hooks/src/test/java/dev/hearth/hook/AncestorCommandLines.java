package dev.hearth.hook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A shell script for tools under test to run: it writes the command line of every ancestor of its
 * shell (the tool, the hook's JVM, up to init), one per line, to the file named by its argument,
 * so a test can show that no input travelled on a command line.
 */
public final class AncestorCommandLines {
    private static final String SCRIPT = """
            p=$$
            while [ "$p" -gt 1 ]; do
              tr '\\0' ' ' < /proc/$p/cmdline; echo
              p=$(awk '/^PPid/{print $2}' /proc/$p/status)
            done > "$1"
            """;

    private AncestorCommandLines() {}

    /** Writes the script into {@code dir} and returns its path. */
    public static Path script(Path dir) throws IOException {
        return Files.writeString(dir.resolve("ancestors.sh"), SCRIPT);
    }
}
