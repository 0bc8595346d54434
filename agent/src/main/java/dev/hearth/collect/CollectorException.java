package dev.hearth.collect;

/** A configured source that could not be read this time; the message must not contain secrets. */
public final class CollectorException extends Exception {
    public CollectorException(String message) {
        super(message);
    }

    public CollectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
