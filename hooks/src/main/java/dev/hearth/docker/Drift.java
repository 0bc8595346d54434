package dev.hearth.docker;

/** A managed container found not as Hearth left it. */
public record Drift(DeploymentKey deployment, String container, Kind kind, String detail) {
    public enum Kind {
        STOPPED,
        REMOVED,
        CHANGED
    }

    @Override
    public String toString() {
        return "drift: " + container + " (" + deployment + ") " + kind.name().toLowerCase(java.util.Locale.ROOT)
                + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
