package dev.hearth.deploy;

/**
 * A metadata document over one of the {@code limits} (or a control-plane answer over its size cap):
 * refused as a whole, with the limit's key in the message, before it costs more memory.
 */
public final class MetadataTooLargeException extends RuntimeException {
    private final String limit;

    public MetadataTooLargeException(String limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** The config key of the limit, e.g. {@code limits.max_deployments}. */
    public String limit() {
        return limit;
    }
}
