package dev.hearth.docker;

/**
 * What happened to one container. {@code line} goes to deploy_stdout (ok) or deploy_stderr (failed);
 * {@code output} is a failed one-shot's or exec's output, for deploy_stderr.
 */
public record ActionResult(String container, boolean ok, String line, String output, long millis) {

    public static ActionResult ok(String container, String line, long millis) {
        return new ActionResult(container, true, line, "", millis);
    }

    public static ActionResult failed(String container, String line, String output, long millis) {
        return new ActionResult(container, false, line, output == null ? "" : output, millis);
    }
}
