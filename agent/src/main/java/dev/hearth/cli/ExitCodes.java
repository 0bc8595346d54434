package dev.hearth.cli;

/** Exit codes shared by the commands. */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** Something ran and failed (a deployment, a step). */
    public static final int FAILED = 1;
    /** Bad input: a file that does not parse, an invalid config, wrong arguments. */
    public static final int BAD_INPUT = 2;
}
