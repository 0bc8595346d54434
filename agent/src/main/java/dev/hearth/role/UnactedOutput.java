package dev.hearth.role;

/**
 * A service output {@code hearth deploy} does not act on, and why: it belongs to the control plane,
 * it is node-side but Hearth refuses it, or its key is unknown. Listed in every summary so nothing
 * a role carries is ignored in silence (docs/roles.md#outputs-hearth-does-not-act-on).
 */
public record UnactedOutput(String service, String output, String reason) {
    public String line() {
        return service + "." + output + ": " + reason;
    }
}
