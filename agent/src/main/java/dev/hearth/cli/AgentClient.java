package dev.hearth.cli;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;

/**
 * Talks to an agent's API with the JDK client. For https it trusts the JDK's CAs plus the agent's own
 * certificate ({@code http.tls_cert}) when the configuration names one, so a self-signed local
 * agent needs no extra flags.
 */
final class AgentClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String token;
    private final HttpClient http;

    /** @param token null to send none; @param agentCert null or the agent's PEM certificate to trust */
    AgentClient(URI base, String token, Path agentCert) {
        this.base = base;
        this.token = token;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if ("https".equals(base.getScheme()) && agentCert != null && Files.isReadable(agentCert)) {
            b.sslContext(trusting(agentCert));
        }
        this.http = b.build();
    }

    URI base() { return base; }

    static String readToken(Path file) {
        try {
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) throw new CliException("token file " + file + " is empty");
            return t;
        } catch (NoSuchFileException e) {
            throw new CliException("token file " + file + " does not exist (pass --token-file)");
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read token file " + file + ": permission denied (run as root or pass --token-file)");
        } catch (IOException e) {
            throw new CliException("cannot read token file " + file + ": " + e.getMessage());
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, byte[] json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new CliException("cannot reach the agent at " + base + ": connection timed out");
        } catch (ConnectException e) {
            throw new CliException("cannot reach the agent at " + base + ": connection refused (is hearth-agent running?)");
        } catch (IOException e) {
            throw new CliException("cannot reach the agent at " + base + ": " + (e.getMessage() != null ? e.getMessage() : e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static SSLContext trusting(Path pem) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            if (Files.isReadable(cacerts)) {
                try (InputStream in = Files.newInputStream(cacerts)) {
                    trust.load(in, null);
                }
            } else {
                trust.load(null, null);
            }
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(pem)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            int i = 0;
            for (Certificate c : certs) trust.setCertificateEntry("hearth-agent-" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new CliException("cannot use the agent certificate " + pem + ": " + e.getMessage());
        }
    }

    @Override
    public void close() { http.close(); }
}
