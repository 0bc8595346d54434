package dev.hearth.deploy;

/**
 * Something that had to be written under {@code state_dir} before it could be accepted (a pushed
 * document) could not be: the sender is told so and may send it again.
 *
 * @see StateHealth#describe(java.io.IOException)
 */
public final class StateUnavailableException extends RuntimeException {
    private final boolean noSpace;

    public StateUnavailableException(String message, boolean noSpace, Throwable cause) {
        super(message, cause);
        this.noSpace = noSpace;
    }

    /** True when the file system is full (or over quota), rather than failing otherwise. */
    public boolean noSpace() {
        return noSpace;
    }
}
