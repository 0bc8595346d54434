package dev.hearth.docker;

import com.github.dockerjava.transport.SSLConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Docker over TLS the way the docker CLI sets it up: {@code DOCKER_TLS_VERIFY} turns it on, and
 * {@code DOCKER_CERT_PATH} (default {@code ~/.docker}) holds {@code ca.pem} (the CA the engine's
 * certificate must chain to) and, when the engine asks for a client certificate, {@code cert.pem} and
 * {@code key.pem}. Read with the JDK alone (docs/containers.md#docker-over-tls), so the agent does
 * not carry a cryptography library for a few PEM files.
 */
public record DockerTls(Path certDir) implements SSLConfig {
    static final String CA = "ca.pem";
    static final String CERT = "cert.pem";
    static final String KEY = "key.pem";

    /** TLS when {@code DOCKER_TLS_VERIFY} is set to anything but empty, 0 or false; null otherwise. */
    public static DockerTls fromEnvironment(Map<String, String> environment) {
        String verify = environment.get("DOCKER_TLS_VERIFY");
        if (verify == null
                || verify.isBlank()
                || verify.strip().equals("0")
                || verify.strip().equalsIgnoreCase("false")) return null;
        String dir = environment.get("DOCKER_CERT_PATH");
        if (dir == null || dir.isBlank()) {
            String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
            return new DockerTls(Path.of(home, ".docker"));
        }
        return new DockerTls(Path.of(dir));
    }

    /** Whether the directory holds a client certificate or key (an engine with tlsverify asks for one). */
    public boolean hasClientCertificate() {
        return Files.exists(certDir.resolve(CERT)) || Files.exists(certDir.resolve(KEY));
    }

    @Override
    public SSLContext getSSLContext() {
        try {
            KeyStore trusted = emptyStore();
            List<Certificate> cas = certificates(certDir.resolve(CA));
            for (int i = 0; i < cas.size(); i++) trusted.setCertificateEntry("ca-" + i, cas.get(i));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);

            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore identity = emptyStore();
            char[] password = new char[0];
            Path cert = certDir.resolve(CERT);
            Path key = certDir.resolve(KEY);
            if (hasClientCertificate()) {
                List<Certificate> chain = certificates(cert);
                PrivateKey privateKey = PemPrivateKey.read(key);
                if (!chain.getFirst().getPublicKey().getAlgorithm().equals(privateKey.getAlgorithm()))
                    throw new DockerTlsException(key + ": an " + privateKey.getAlgorithm() + " key for the "
                            + chain.getFirst().getPublicKey().getAlgorithm() + " certificate of " + cert);
                identity.setKeyEntry("client", privateKey, password, chain.toArray(Certificate[]::new));
            }
            kmf.init(identity, password);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new DockerTlsException("TLS set-up from " + certDir + " failed: " + e.getMessage());
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    /** The certificates of a PEM file, in order (a chain: the leaf first). */
    private static List<Certificate> certificates(Path file) {
        List<PemBlock> blocks = PemBlock.read(file).stream()
                .filter(b -> b.type().equals("CERTIFICATE"))
                .toList();
        if (blocks.isEmpty()) throw new DockerTlsException(file + ": no PEM CERTIFICATE in it");
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            return blocks.stream()
                    .map(b -> {
                        try {
                            return x509.generateCertificate(new ByteArrayInputStream(b.der()));
                        } catch (CertificateException e) {
                            throw new DockerTlsException(
                                    file + ": a CERTIFICATE cannot be decoded (" + e.getMessage() + ")");
                        }
                    })
                    .toList();
        } catch (CertificateException e) {
            throw new DockerTlsException("X.509 certificates unavailable: " + e.getMessage());
        }
    }
}
