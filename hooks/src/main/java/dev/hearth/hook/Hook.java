package dev.hearth.hook;

/**
 * Runs one deployment of its group and answers with exactly one response. A hook never throws for
 * a failing tool: the failure goes into the response. It throws only when interrupted.
 */
public interface Hook {

    /** The group (or groups, through aliases in the registry) this hook serves. */
    String group();

    HookResponse run(Deployment deployment, HookContext context) throws InterruptedException;
}
