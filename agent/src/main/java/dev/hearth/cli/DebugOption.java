package dev.hearth.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --debug}, taken by every command: an unexpected error prints its stack trace. */
public final class DebugOption {
    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "On an unexpected error, print the stack trace too.")
    boolean debug;

    boolean enabled() {
        return debug;
    }
}
