package dev.hearth.cli;

import dev.hearth.net.PemTrust;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
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
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Talks to an agent's API: over its Unix socket, over plain http with a blocking socket ({@link PlainHttp}), or over
 * https with the JDK client, which trusts the JDK's CAs plus the agent's own certificate ({@code http.tls_cert}) when
 * the configuration names one, so a self-signed local agent needs no extra flags, and presents a client certificate when given one.
 */
final class AgentClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String token;
    private final String tokenNote;
    private final HttpClient http;
    private final PlainHttp plain;
    private final UnixSocketHttp socket;

    /**
     * The bearer token to send.
     *
     * @param token null to send none
     * @param note  why there is none although the agent probably wants one; said with a 401
     */
    record Credentials(String token, String note) {
        static Credentials of(String token) {
            return new Credentials(token, null);
        }
    }

    /** A client certificate (PEM) and its PKCS#8 PEM key. */
    record Identity(Path cert, Path key) {}

    /**
     * @param agentCert null or the agent's PEM certificate to trust
     * @param identity  null or the client certificate to present over https
     */
    AgentClient(URI base, Credentials credentials, Path agentCert, Identity identity) {
        this.base = base;
        this.token = credentials.token();
        this.tokenNote = credentials.note();
        this.socket = null;
        if (!"https".equals(base.getScheme())) {
            if (identity != null)
                throw new CliException("a client certificate needs an https:// agent URL, not " + base);
            this.plain = new PlainHttp(base, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
            this.http = null;
            return;
        }
        this.plain = null;
        HttpClient.Builder b =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT);
        Path trusted = agentCert != null && Files.isReadable(agentCert) ? agentCert : null;
        if (trusted != null || identity != null) b.sslContext(tlsContext(trusted, identity));
        this.http = b.build();
    }

    /** Over the agent's Unix socket: opening it is the credential, no token is sent. */
    AgentClient(Path socketFile) {
        this.socket = new UnixSocketHttp(socketFile, REQUEST_TIMEOUT);
        this.base = socket.uri();
        this.token = null;
        this.tokenNote = null;
        this.http = null;
        this.plain = null;
    }

    URI base() {
        return base;
    }

    /** What to add to the agent's answer {@code status}: why no token was sent, for a 401. */
    String refusalNote(int status) {
        return status == 401 && tokenNote != null ? " (" + tokenNote + ")" : "";
    }

    static String readToken(Path file) {
        try {
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) throw new CliException("token file " + file + " is empty");
            return t;
        } catch (NoSuchFileException e) {
            throw new CliException("token file " + file + " does not exist (the agent writes its token there on its "
                    + "first start; pass --token-file, or --state-dir when the agent runs with another state_dir)");
        } catch (AccessDeniedException e) {
            throw new CliException(
                    "cannot read token file " + file + ": permission denied (run as root or pass --token-file)");
        } catch (IOException e) {
            throw new CliException("cannot read token file " + file + ": " + e.getMessage());
        }
    }

    HttpResponse<String> get(String path) {
        if (socket != null) return overSocket("GET", path, null);
        if (plain != null) return plainly("GET", path, null);
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, byte[] json) {
        if (socket != null) return overSocket("POST", path, json);
        if (plain != null) return plainly("POST", path, json);
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private HttpResponse<String> overSocket(String method, String path, byte[] body) {
        try {
            return socket.send(method, path, body);
        } catch (java.net.SocketException e) {
            throw new CliException("cannot reach the agent at " + base + ": " + e.getMessage()
                    + " (is hearth-agent running? may this user open the socket?)");
        } catch (IOException e) {
            throw new CliException(
                    "cannot reach the agent at " + base + ": " + (e.getMessage() != null ? e.getMessage() : e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private HttpResponse<String> plainly(String method, String path, byte[] body) {
        return reaching(() -> plain.send(method, path, token, body));
    }

    private HttpResponse<String> send(HttpRequest request) {
        return reaching(() -> http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    /** One exchange over TCP, whichever client makes it. */
    private interface Exchange {
        HttpResponse<String> run() throws IOException, InterruptedException;
    }

    private HttpResponse<String> reaching(Exchange exchange) {
        try {
            return exchange.run();
        } catch (HttpConnectTimeoutException e) {
            throw new CliException("cannot reach the agent at " + base + ": connection timed out");
        } catch (ConnectException e) {
            throw new CliException(
                    "cannot reach the agent at " + base + ": connection refused (is hearth-agent running?)");
        } catch (IOException e) {
            throw new CliException(
                    "cannot reach the agent at " + base + ": " + (e.getMessage() != null ? e.getMessage() : e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static SSLContext tlsContext(Path agentCert, Identity identity) {
        TrustManagerFactory trust = agentCert != null ? trusting(agentCert) : null;
        if (identity == null) {
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, trust.getTrustManagers(), null);
                return ctx;
            } catch (Exception e) {
                throw new CliException("cannot use the agent certificate " + agentCert + ": " + e.getMessage());
            }
        }
        for (Path p : new Path[] {identity.cert(), identity.key()}) {
            if (!Files.isReadable(p))
                throw new CliException("client certificate: " + p + ": no such file or not readable");
        }
        try {
            // netty reads PEM certificates and PKCS#8 keys of any algorithm; its JDK provider hands back a plain
            // SSLContext.
            SslContextBuilder b = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .keyManager(identity.cert().toFile(), identity.key().toFile());
            if (trust != null) b.trustManager(trust);
            return ((JdkSslContext) b.build()).context();
        } catch (Exception e) {
            throw new CliException("cannot use the client certificate " + identity.cert() + " / " + identity.key()
                    + ": " + e.getMessage());
        }
    }

    private static TrustManagerFactory trusting(Path pem) {
        try {
            return PemTrust.of(pem, true);
        } catch (Exception e) {
            throw new CliException("cannot use the agent certificate " + pem + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (http != null) http.close();
    }
}
