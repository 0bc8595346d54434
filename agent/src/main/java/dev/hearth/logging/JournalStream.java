package dev.hearth.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether standard error is connected to journald. systemd sets {@code JOURNAL_STREAM} to the
 * {@code device:inode} of the stream it connected; a child process with redirected stderr inherits
 * the variable, so it counts only when it still names our own stderr (systemd.exec(5)).
 */
public final class JournalStream {
    /** The system property config/logback.xml reads: {@code true} writes for the journal. */
    public static final String PROPERTY = "hearth.log.journal";

    private JournalStream() {}

    public static boolean connected(Map<String, String> env, Path stderr) {
        String stream = env.get("JOURNAL_STREAM");
        if (stream == null || stream.isBlank()) return false;
        try {
            Map<String, Object> attrs = Files.readAttributes(stderr, "unix:dev,ino");
            return stream.trim().equals(attrs.get("dev") + ":" + attrs.get("ino"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Called before anything logs: makes config/logback.xml write for the journal when stderr is it. */
    public static void configureLogging() {
        if (System.getProperty(PROPERTY) == null && connected(System.getenv(), Path.of("/proc/self/fd/2"))) {
            System.setProperty(PROPERTY, "true");
        }
    }
}
