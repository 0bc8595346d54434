package dev.hearth.signal;

/**
 * A signal was not delivered. A permanent failure (the URL expired, the target can never work, the
 * control plane refused it for good) is not retried and is counted under its own {@link #result()}.
 * The message never contains credentials, tokens or URL signatures.
 */
public final class SignalException extends Exception {
    public static final String URL_EXPIRED = "signal URL expired";
    /** Result labels of {@code hearth_signals_total} for the ways a signal is given up at once. */
    public static final String EXPIRED = "expired";

    public static final String INVALID_TARGET = "invalid_target";
    public static final String REJECTED = "rejected";
    public static final String GIVEN_UP = "given_up";

    private final String result;

    public SignalException(String message, boolean permanent) {
        this(message, permanent ? (URL_EXPIRED.equals(message) ? EXPIRED : GIVEN_UP) : null);
    }

    public SignalException(String message, Throwable cause) {
        super(message, cause);
        this.result = null;
    }

    private SignalException(String message, String result) {
        super(message);
        this.result = result;
    }

    /** The target is no URL an HTTP client can ever reach (scheme, syntax). */
    public static SignalException invalidTarget(String message) {
        return new SignalException(message, INVALID_TARGET);
    }

    /**
     * The control plane's answer to an attempt: a non-retryable 4xx is final (404: Heat no longer has
     * the deployment, 400/405/413/...: the same request will be refused again); anything else is
     * retried. 401 and 403 are retried because credentials and clocks get fixed, 408/409/423/425/429
     * because they say "not now".
     */
    public static SignalException forStatus(int status, String request) {
        String message = "HTTP " + status + " from " + request;
        if (status >= 400 && status < 500 && !retryable(status)) {
            return new SignalException(
                    message + (status == 404 ? " (the control plane no longer knows this deployment)" : "")
                            + ": not retryable",
                    REJECTED);
        }
        return new SignalException(message, false);
    }

    static boolean retryable(int status) {
        return switch (status) {
            case 401, 403, 408, 409, 423, 425, 429 -> true;
            default -> status < 400 || status >= 500;
        };
    }

    public boolean permanent() {
        return result != null;
    }

    /** The {@code result} label a permanent failure is counted under; null when it is retried. */
    public String result() {
        return result;
    }
}
