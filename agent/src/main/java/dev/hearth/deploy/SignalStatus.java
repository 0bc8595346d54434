package dev.hearth.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The signal of one deployment, as the status API shows it.
 *
 * @param state     {@code none} (NO_SIGNAL), {@code pending}, {@code "delivered"}, {@code given_up}
 * @param attempts  sending attempts so far
 * @param lastError the last failure, secrets masked (e.g. "HTTP 503", "signal URL expired")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignalStatus(
        @JsonProperty("transport") String transport,
        @JsonProperty("state") String state,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("delivered_at") Instant deliveredAt) {

    public static final String NONE = "none";
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String GIVEN_UP = "given_up";

    public static SignalStatus none(String transport) {
        return new SignalStatus(transport, NONE, 0, null, null);
    }

    public static SignalStatus pending(String transport) {
        return new SignalStatus(transport, PENDING, 0, null, null);
    }
}
