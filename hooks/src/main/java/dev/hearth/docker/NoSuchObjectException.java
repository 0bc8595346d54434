package dev.hearth.docker;

/** The Engine does not know the image or container named in a call. */
public final class NoSuchObjectException extends EngineException {
    public NoSuchObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
