package dev.hearth.hook;

/** A deployment document that cannot be run; the message names the JSON path of the problem. */
public final class InvalidDeploymentException extends RuntimeException {
    private final String path;

    public InvalidDeploymentException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
