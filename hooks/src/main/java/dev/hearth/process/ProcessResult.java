package dev.hearth.process;

/** What a child process did: exit code (-1 when killed on timeout), its output, and whether it timed out. */
public record ProcessResult(int exitCode, String stdout, String stderr, boolean timedOut) {
    /** The first line of a timed-out deployment's stderr, the reason its status shows. */
    public static String timedOutLine(String what, java.time.Duration timeout) {
        return what + " timed out after " + timeout.toSeconds()
                + " s (its processes were ended: SIGTERM, then SIGKILL)";
    }
}
