package dev.hearth.process;

/** What a child process did: exit code (-1 when killed on timeout), its output, and whether it timed out. */
public record ProcessResult(int exitCode, String stdout, String stderr, boolean timedOut) {
}
