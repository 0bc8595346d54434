package dev.hearth.net;

import java.io.IOException;

/**
 * The control plane answered with an error, or could not be reached. The message names the
 * request with its signatures masked and never holds a password or token.
 *
 * @see HttpCall#describe()
 */
public final class ControlPlaneException extends IOException {
    private final int status;

    public ControlPlaneException(String message, int status) {
        super(message);
        this.status = status;
    }

    public ControlPlaneException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
