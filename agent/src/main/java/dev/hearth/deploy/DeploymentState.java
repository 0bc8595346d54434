package dev.hearth.deploy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a deployment is in its life on this node. */
public enum DeploymentState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    INTERRUPTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == INTERRUPTED;
    }
}
