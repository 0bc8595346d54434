package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.docker.Openssl;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker over TLS against the real dockerd: socat terminates TLS in front of /var/run/docker.sock and
 * verifies client certificates against its CA, as dockerd's --tlsverify does. The certificates and
 * keys are openssl's, in each key format a DOCKER_CERT_PATH may hold; the agent's jar carries no
 * cryptography library, so this is the JDK reading them (DockerTls).
 */
class DockerOverTlsTest {
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    static Path pki;

    private static Process front;
    private static int port;

    @BeforeAll
    static void tlsFrontOfDockerd() throws Exception {
        Openssl.selfSignedCa(pki, "hearth-test-ca", "ca-key.pem");
        Openssl.run(
                pki,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=dockerd",
                "-keyout",
                "server-key.pem",
                "-out",
                "server.csr");
        Files.writeString(pki.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\n");
        sign(pki.resolve("server.csr"), pki.resolve("server.pem"), "server.ext");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        front = new ProcessBuilder(
                        "socat",
                        "OPENSSL-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,cert=server.pem,"
                                + "key=server-key.pem,cafile=ca.pem,verify=1",
                        "UNIX-CONNECT:/var/run/docker.sock")
                .directory(pki.toFile())
                .redirectErrorStream(true)
                .redirectOutput(pki.resolve("socat.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
                break;
            } catch (java.io.IOException notYet) {
                assertThat(front.isAlive())
                        .as("socat runs: " + Files.readString(pki.resolve("socat.log")))
                        .isTrue();
                assertThat(System.nanoTime()).as("socat listens on " + port).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stopFront() throws InterruptedException {
        if (front != null) {
            front.destroy();
            front.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void rsaPkcs1ClientKeyNamesTheEngine(@TempDir Path dir) throws Exception {
        Path certs = clientCerts(dir, "genrsa", "-traditional", "-out", "key.pem", "2048");
        assertThat(Files.readString(certs.resolve("key.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertNamesDockerEngine(version(dir, certs));
    }

    @Test
    void rsaPkcs8ClientKeyNamesTheEngine(@TempDir Path dir) throws Exception {
        Path certs =
                clientCerts(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem");
        assertThat(Files.readString(certs.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertNamesDockerEngine(version(dir, certs));
    }

    @Test
    void ecSec1ClientKeyNamesTheEngine(@TempDir Path dir) throws Exception {
        Path certs = clientCerts(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "key.pem");
        assertThat(Files.readString(certs.resolve("key.pem"))).contains("-----BEGIN EC PRIVATE KEY-----");
        assertNamesDockerEngine(version(dir, certs));
    }

    @Test
    void anEngineCertificateFromAnotherCaIsRefusedNamingTheCaFile(@TempDir Path dir) throws Exception {
        Path certs = clientCerts(dir, "genrsa", "-out", "key.pem", "2048");
        Openssl.selfSignedCa(certs, "other-ca", "../other-ca-key.pem");
        HearthProcess.Result r = version(dir, certs);
        assertThat(r.stdout())
                .contains("engine: TLS with tcp://127.0.0.1:" + port + " failed: ")
                .contains("unable to find valid certification path")
                .contains("(trusted CA: " + certs.resolve("ca.pem") + ")");
    }

    @Test
    void noClientCertificateIsReportedAsWhatTheEngineMayRequire(@TempDir Path dir) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.copy(pki.resolve("ca.pem"), certs.resolve("ca.pem"));
        HearthProcess.Result r = version(dir, certs);
        assertThat(r.stdout())
                .containsPattern("engine: (TLS with tcp://127.0.0.1:" + port + " failed: .*|tcp://127.0.0.1:" + port
                        + " closed the TLS connection .*; it may require a client certificate: cert.pem and key.pem in "
                        + java.util.regex.Pattern.quote(certs.toString()) + ")\n");
    }

    @Test
    void anEncryptedClientKeyIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path certs = clientCerts(
                dir, "genrsa", "-traditional", "-aes128", "-passout", "pass:secret", "-out", "key.pem", "2048");
        HearthProcess.Result r = version(dir, certs);
        assertThat(r.stdout())
                .contains("engine: tcp://127.0.0.1:" + port + " " + certs.resolve("key.pem")
                        + ": the private key is encrypted")
                .doesNotContain("secret");
    }

    @Test
    void containersListsOverTlsAndSaysWhatToCheckWhenTheCaIsWrong(@TempDir Path dir) throws Exception {
        Path certs = clientCerts(dir, "genrsa", "-out", "key.pem", "2048");
        HearthProcess.Result listed = hearth(dir, certs, "containers", "--docker-host", "tcp://127.0.0.1:" + port);
        assertThat(listed.exitCode()).as(listed.stderr()).isZero();

        Openssl.selfSignedCa(certs, "other-ca", "../other-ca-key.pem");
        HearthProcess.Result refused = hearth(dir, certs, "containers", "--docker-host", "tcp://127.0.0.1:" + port);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr())
                .contains("TLS with tcp://127.0.0.1:" + port + " failed: ")
                .contains("(trusted CA: " + certs.resolve("ca.pem") + ")");
    }

    private static void assertNamesDockerEngine(HearthProcess.Result r) {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout())
                .containsPattern("engine: Docker Engine \\S+ \\(API [0-9.]+\\) at tcp://127.0.0.1:" + port);
    }

    private static HearthProcess.Result hearth(Path dir, Path certs, String... args) throws Exception {
        return HearthProcess.run(
                dir, Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString()), null, T, args);
    }

    private static HearthProcess.Result version(Path dir, Path certs) throws Exception {
        return HearthProcess.run(
                dir,
                Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString()),
                null,
                T,
                "version",
                "--docker-host",
                "tcp://127.0.0.1:" + port);
    }

    /** DIR/certs with the test CA, a key made by the given openssl command and a certificate the CA signed for it. */
    private static Path clientCerts(Path dir, String... keyCommand) throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.copy(pki.resolve("ca.pem"), certs.resolve("ca.pem"));
        Openssl.run(certs, keyCommand);
        List<String> req =
                new ArrayList<>(List.of("req", "-new", "-key", "key.pem", "-subj", "/CN=hearth", "-out", "client.csr"));
        if (List.of(keyCommand).contains("-passout")) req.addAll(List.of("-passin", "pass:secret"));
        Openssl.run(certs, req.toArray(String[]::new));
        sign(certs.resolve("client.csr"), certs.resolve("cert.pem"), null);
        return certs;
    }

    private static void sign(Path csr, Path cert, String extfile) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca-key.pem",
                "-CAcreateserial",
                "-days",
                "2",
                "-out",
                cert.toString()));
        if (extfile != null) cmd.addAll(List.of("-extfile", extfile));
        Openssl.run(pki, cmd.toArray(String[]::new));
    }
}
