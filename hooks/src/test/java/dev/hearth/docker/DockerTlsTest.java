package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DOCKER_CERT_PATH's PEM files read with the JDK alone, for the key formats openssl writes. The
 * handshake with a real engine is DockerOverTlsTest's (integration-tests).
 */
class DockerTlsTest {

    @Test
    void rsaPkcs1RsaPkcs8EcSec1AndEcPkcs8KeysAreRead(@TempDir Path dir) throws Exception {
        Path rsa1 = dir.resolve("rsa1.pem");
        Openssl.run(dir, "genrsa", "-traditional", "-out", rsa1.toString(), "2048");
        assertThat(Files.readString(rsa1)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(PemPrivateKey.read(rsa1)).isInstanceOf(RSAPrivateKey.class);

        Path rsa8 = dir.resolve("rsa8.pem");
        Openssl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsa8.toString());
        assertThat(Files.readString(rsa8)).contains("BEGIN PRIVATE KEY");
        assertThat(PemPrivateKey.read(rsa8)).isInstanceOf(RSAPrivateKey.class);

        // openssl ecparam -genkey writes an EC PARAMETERS block before the SEC1 key
        Path sec1 = dir.resolve("ec.pem");
        Openssl.run(dir, "ecparam", "-name", "secp384r1", "-genkey", "-out", sec1.toString());
        assertThat(Files.readString(sec1)).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");
        ECPrivateKey ec = (ECPrivateKey) PemPrivateKey.read(sec1);
        assertThat(ec.getParams().getCurve().getField().getFieldSize()).isEqualTo(384);

        Path ec8 = dir.resolve("ec8.pem");
        Openssl.run(dir, "pkcs8", "-topk8", "-nocrypt", "-in", sec1.toString(), "-out", ec8.toString());
        ECPrivateKey ecFrom8 = (ECPrivateKey) PemPrivateKey.read(ec8);
        assertThat(ecFrom8.getS()).isEqualTo(ec.getS());
    }

    @Test
    void aCertPathWithCaCertAndKeyGivesAContextAndOneWithOnlyTheCaToo(@TempDir Path dir) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Openssl.selfSignedCa(certs, "ca", "../ca-key.pem");
        Openssl.run(certs, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        Openssl.run(certs, "req", "-new", "-key", "key.pem", "-subj", "/CN=client", "-out", "../client.csr");
        Openssl.run(
                certs,
                "x509",
                "-req",
                "-in",
                "../client.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "../ca-key.pem",
                "-CAcreateserial",
                "-days",
                "2",
                "-out",
                "cert.pem");
        DockerTls tls =
                DockerTls.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString()));
        assertThat(tls.hasClientCertificate()).isTrue();
        assertThat(tls.getSSLContext()).isInstanceOf(SSLContext.class);

        Files.delete(certs.resolve("cert.pem"));
        Files.delete(certs.resolve("key.pem"));
        assertThat(tls.hasClientCertificate()).isFalse();
        assertThat(tls.getSSLContext()).isInstanceOf(SSLContext.class);
    }

    @Test
    void tlsIsOnlyWhatDockerTlsVerifyAsksFor() {
        assertThat(DockerTls.fromEnvironment(Map.of())).isNull();
        assertThat(DockerTls.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", ""))).isNull();
        assertThat(DockerTls.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "0"))).isNull();
        assertThat(DockerTls.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "false")))
                .isNull();
        assertThat(DockerTls.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "1", "HOME", "/root")))
                .isEqualTo(new DockerTls(Path.of("/root/.docker")));
        assertThat(DockerTls.fromEnvironment(Map.of("DOCKER_TLS_VERIFY", "yes", "DOCKER_CERT_PATH", "/etc/docker-tls")))
                .isEqualTo(new DockerTls(Path.of("/etc/docker-tls")));
    }

    @Test
    void badKeysAreNamedByFileNeverQuoted(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("none/key.pem");
        assertThatThrownBy(() -> PemPrivateKey.read(missing))
                .isInstanceOf(DockerTlsException.class)
                .hasMessage(missing + ": missing");

        Path encrypted8 = dir.resolve("enc8.pem");
        Openssl.run(
                dir,
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-aes-128-cbc",
                "-pass",
                "pass:secret",
                "-out",
                encrypted8.toString());
        assertThatThrownBy(() -> PemPrivateKey.read(encrypted8))
                .isInstanceOf(DockerTlsException.class)
                .hasMessageStartingWith(encrypted8 + ": the private key is encrypted");

        Path encrypted1 = dir.resolve("enc1.pem");
        Openssl.run(
                dir,
                "genrsa",
                "-traditional",
                "-aes128",
                "-passout",
                "pass:secret",
                "-out",
                encrypted1.toString(),
                "2048");
        assertThat(Files.readString(encrypted1)).contains("Proc-Type: 4,ENCRYPTED");
        assertThatThrownBy(() -> PemPrivateKey.read(encrypted1))
                .isInstanceOf(DockerTlsException.class)
                .hasMessageStartingWith(encrypted1 + ": the private key is encrypted");

        // a real key's body, cut short: the error must name the file, not echo what it read
        Path rsa = dir.resolve("rsa.pem");
        Openssl.run(dir, "genrsa", "-traditional", "-out", rsa.toString(), "2048");
        List<String> lines = Files.readAllLines(rsa);
        String secretLine = lines.get(3);
        Path damaged = dir.resolve("damaged.pem");
        Files.write(damaged, List.of(lines.get(0), lines.get(1), lines.get(2), secretLine, lines.getLast()));
        assertThatThrownBy(() -> PemPrivateKey.read(damaged))
                .isInstanceOf(DockerTlsException.class)
                .hasMessageStartingWith(damaged + ": the RSA PRIVATE KEY cannot be decoded")
                .message()
                .doesNotContain(secretLine)
                .doesNotContain(secretLine.substring(0, 16));

        Path cert = dir.resolve("cert.pem");
        Openssl.run(
                dir, "req", "-x509", "-key", rsa.toString(), "-days", "2", "-subj", "/CN=x", "-out", cert.toString());
        assertThatThrownBy(() -> PemPrivateKey.read(cert))
                .isInstanceOf(DockerTlsException.class)
                .hasMessage(cert + ": no PEM private key in it");

        Path unterminated = dir.resolve("cut.pem");
        Files.write(unterminated, lines.subList(0, 10));
        assertThatThrownBy(() -> PemPrivateKey.read(unterminated))
                .isInstanceOf(DockerTlsException.class)
                .hasMessage(unterminated + " line 1: a BEGIN without its END");
    }

    @Test
    void aKeyThatIsNotTheCertificatesKindIsRefusedNamingBothFiles(@TempDir Path certs) throws Exception {
        Openssl.run(
                certs,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=c",
                "-keyout",
                "rsa-key.pem",
                "-out",
                "cert.pem");
        Files.copy(certs.resolve("cert.pem"), certs.resolve("ca.pem"));
        Openssl.run(certs, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        assertThatThrownBy(() -> new DockerTls(certs).getSSLContext())
                .isInstanceOf(DockerTlsException.class)
                .hasMessage(certs.resolve("key.pem") + ": an EC key for the RSA certificate of "
                        + certs.resolve("cert.pem"));
    }
}
