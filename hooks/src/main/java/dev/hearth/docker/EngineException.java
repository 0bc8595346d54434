package dev.hearth.docker;

/** A Docker Engine call failed or timed out; the message names the operation. */
public class EngineException extends RuntimeException {
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    public EngineException(String message) {
        super(message);
    }
}
