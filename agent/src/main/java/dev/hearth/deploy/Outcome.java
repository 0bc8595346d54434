package dev.hearth.deploy;

/**
 * What happened to one deployment in a pass.
 *
 * @param ran false when it was skipped (already run, data, nothing to do)
 */
public record Outcome(
        String id, String name, String group, boolean ran, DeploymentState state, int statusCode, String note) {

    public boolean failed() {
        return ran && state != DeploymentState.SUCCEEDED;
    }
}
