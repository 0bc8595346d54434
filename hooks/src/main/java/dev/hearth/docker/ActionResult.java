package dev.hearth.docker;

/**
 * What happened to one container. {@code line} goes to deploy_stdout (ok) or deploy_stderr (failed);
 * {@code output} is a failed one-shot's or exec's output, for deploy_stderr. {@code kind} says which
 * work it was, for metrics.
 */
public record ActionResult(Kind kind, String container, boolean ok, String line, String output, long millis) {

    /** The work an action did. */
    public enum Kind {
        PULL,
        CREATE,
        REPLACE,
        KEEP,
        START,
        EXEC,
        REMOVE,
        RENAME,
        HEALTH,
        INTERNAL
    }

    public static ActionResult ok(Kind kind, String container, String line, long millis) {
        return new ActionResult(kind, container, true, line, "", millis);
    }

    public static ActionResult failed(Kind kind, String container, String line, String output, long millis) {
        return new ActionResult(kind, container, false, line, output == null ? "" : output, millis);
    }

    /** The same result with its texts passed through {@code mask}. */
    public ActionResult masked(java.util.function.UnaryOperator<String> mask) {
        return new ActionResult(kind, container, ok, mask.apply(line), mask.apply(output), millis);
    }
}
