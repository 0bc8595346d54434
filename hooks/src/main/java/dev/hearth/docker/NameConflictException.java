package dev.hearth.docker;

/** A container could not be created because its name is taken. */
public final class NameConflictException extends EngineException {
    public NameConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
