package dev.hearth.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One readiness condition and whether it holds.
 *
 * @param detail why it fails (secrets masked by whoever builds it); when it holds, null or what was
 *               found (the engine that answers)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadinessCheck(
        @JsonProperty("name") String name,
        @JsonProperty("ok") boolean ok,
        @JsonProperty("detail") String detail) {

    public static ReadinessCheck ok(String name) {
        return new ReadinessCheck(name, true, null);
    }

    public static ReadinessCheck ok(String name, String detail) {
        return new ReadinessCheck(name, true, detail);
    }

    public static ReadinessCheck failed(String name, String detail) {
        return new ReadinessCheck(name, false, detail);
    }
}
