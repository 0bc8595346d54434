package dev.hearth.config;

/** agent.yaml cannot be used; the message names the file and the key's path. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
