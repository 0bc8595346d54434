package dev.hearth.signal;

/**
 * A signal was not delivered. {@code permanent} failures (e.g. "signal URL expired") are not retried.
 * The message never contains credentials, tokens or URL signatures.
 */
public final class SignalException extends Exception {
    public static final String URL_EXPIRED = "signal URL expired";

    private final boolean permanent;

    public SignalException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public SignalException(String message, Throwable cause) {
        super(message, cause);
        this.permanent = false;
    }

    public boolean permanent() { return permanent; }
}
