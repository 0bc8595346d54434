package dev.hearth.http;

import dev.hearth.config.ConfigException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

/**
 * The server side of TLS: a PEM certificate chain and PKCS#8 PEM key, and optionally a PEM CA bundle
 * whose certificates client certificates must chain to (mTLS). Client certificates are asked for
 * but not demanded in the handshake, so that {@code /healthz} stays open; every other endpoint
 * refuses a connection without a verified one (see {@link AuthPolicy}).
 */
public final class TlsSettings {
    private final SslContext context;
    private final boolean verifiesClients;

    private TlsSettings(SslContext context, boolean verifiesClients) {
        this.context = context;
        this.verifiesClients = verifiesClients;
    }

    /**
     * TLS settings from PEM files.
     *
     * @param clientCa null for no client certificates
     */
    public static TlsSettings fromPem(Path cert, Path key, Path clientCa) {
        if (cert == null || key == null) {
            throw new ConfigException("http.tls_cert and http.tls_key go together: set both or neither");
        }
        requireReadable("http.tls_cert", cert);
        requireReadable("http.tls_key", key);
        refuseWorldReadable(key);
        try {
            SslContextBuilder b = SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2");
            if (clientCa != null) {
                requireReadable("http.tls_client_ca", clientCa);
                b.trustManager(clientCa.toFile()).clientAuth(ClientAuth.OPTIONAL);
            }
            return new TlsSettings(b.build(), clientCa != null);
        } catch (Exception e) {
            throw new ConfigException(
                    "http TLS: cannot use " + cert + " / " + key + (clientCa != null ? " / " + clientCa : "") + ": "
                            + e.getMessage(),
                    e);
        }
    }

    public SslContext context() {
        return context;
    }

    public boolean verifiesClients() {
        return verifiesClients;
    }

    private static void requireReadable(String key, Path file) {
        if (!Files.isReadable(file)) throw new ConfigException(key + ": " + file + ": no such file or not readable");
    }

    private static void refuseWorldReadable(Path key) {
        try {
            if (Files.getPosixFilePermissions(key).contains(PosixFilePermission.OTHERS_READ)) {
                throw new ConfigException("http.tls_key: " + key + " is readable by others; chmod 0600 it");
            }
        } catch (java.io.IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
