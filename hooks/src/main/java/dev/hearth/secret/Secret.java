package dev.hearth.secret;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A credential read from configuration. Its {@code toString} never shows the value. */
public record Secret(String value) {
    @JsonCreator
    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    /** Serialised (e.g. an agent.yaml written by {@code hearth}) as the value; never logged. */
    @JsonValue
    @Override
    public String value() {
        return value;
    }

    public boolean isEmpty() {
        return value == null || value.isEmpty();
    }

    @Override
    public String toString() {
        return Secrets.MASK;
    }
}
