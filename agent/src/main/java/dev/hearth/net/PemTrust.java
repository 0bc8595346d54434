package dev.hearth.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of a PEM file as what a TLS client trusts: a service's {@code ca_certificate} (in place
 * of the runtime's CAs) or the agent's own certificate for {@code hearth status} and friends (beside them).
 * A file without a certificate is refused here: trusting nothing would only show at the first handshake,
 * as the JDK's "trustAnchors parameter must be non-empty".
 */
public final class PemTrust {
    private PemTrust() {}

    /**
     * Trusts the certificates of {@code pem}.
     *
     * @param alsoRuntimeCas whether the runtime's own CAs ({@code lib/security/cacerts}) are trusted too
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it holds no certificate or one that cannot be decoded
     */
    public static TrustManagerFactory of(Path pem, boolean alsoRuntimeCas)
            throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) throw new CertificateException("no PEM certificate in it");
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        if (alsoRuntimeCas && Files.isReadable(cacerts)) {
            try (InputStream in = Files.newInputStream(cacerts)) {
                store.load(in, null);
            }
        } else {
            store.load(null, null);
        }
        int i = 0;
        for (Certificate c : certs) store.setCertificateEntry("hearth-pem-" + i++, c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }
}
