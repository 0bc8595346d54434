package dev.hearth.docker;

/**
 * Docker over TLS failed: its files cannot be used, or the handshake with the engine failed. The
 * message names the file or the endpoint and what is wrong, never a file's content (a key must not
 * reach a log or a status answer).
 */
public final class DockerTlsException extends EngineException {
    public DockerTlsException(String message) {
        super(message);
    }

    public DockerTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
