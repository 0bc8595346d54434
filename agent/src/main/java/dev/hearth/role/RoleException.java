package dev.hearth.role;

/** A role document that cannot be deployed; the message starts with the path of the problem. */
public final class RoleException extends RuntimeException {
    public RoleException(String path, String message) {
        super(path + ": " + message);
    }
}
