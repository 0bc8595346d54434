package dev.hearth.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The HTTP client every collector and signal transport uses: the JDK's {@link HttpClient}
 * (HTTP/1.1, TLS with the system trust store or one CA file), blocking calls meant for virtual
 * threads, a time limit on every request. An instance is cheap to share; {@link #observed}
 * gives a view that reports each request (e.g. to count a collector's requests).
 */
public final class ControlPlaneHttp {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The largest answer read from a control plane (metadata, Keystone, Zaqar, signals), the same as
     * the default {@code http.max_body_size} of a push: a larger one is an error of that request, and
     * never held in memory.
     */
    public static final int MAX_RESPONSE_SIZE = 16 * 1024 * 1024;

    private final LazyClient client;
    private final Consumer<HttpCall> observer;

    /**
     * The JDK client, built on the first request: building one sets up TLS (about 300 classes) and
     * starts a selector thread, which an agent that is only pushed to never needs.
     */
    private static final class LazyClient {
        private final HttpClient.Builder builder;
        private HttpClient client;

        LazyClient(HttpClient.Builder builder) {
            this.builder = builder;
        }

        synchronized HttpClient get() {
            if (client == null) client = builder.build();
            return client;
        }
    }

    private ControlPlaneHttp(LazyClient client, Consumer<HttpCall> observer) {
        this.client = client;
        this.observer = observer;
    }

    /** A client trusting the system CAs. */
    public static ControlPlaneHttp create() {
        return create(DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * A client for the control plane.
     *
     * @param caFile PEM file of the CAs to trust instead of the system ones; null for the system ones
     */
    public static ControlPlaneHttp create(Duration connectTimeout, Path caFile) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        // A CA file is read now, so that a bad one is refused when the configuration is loaded.
        if (caFile != null) b.sslContext(sslContext(caFile));
        return new ControlPlaneHttp(new LazyClient(b), call -> {});
    }

    /** The same client; {@code listener} is told of every request before it is sent. */
    public ControlPlaneHttp observed(Consumer<HttpCall> listener) {
        Objects.requireNonNull(listener);
        Consumer<HttpCall> previous = observer;
        return new ControlPlaneHttp(client, call -> {
            previous.accept(call);
            listener.accept(call);
        });
    }

    /**
     * Sends the request and reads the whole answer, whatever its status.
     *
     * @throws ControlPlaneException when no answer came (refused, timed out, reset); the message
     *                               names the request with signatures masked
     */
    public HttpResult send(HttpCall call) throws ControlPlaneException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(call.uri()).timeout(call.timeout());
        call.headers().forEach(rb::header);
        rb.method(
                call.method(),
                call.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        observer.accept(call);
        long deadline = System.nanoTime() + call.timeout().toNanos();
        try {
            HttpResponse<InputStream> r = client.get().send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                byte[] bytes = declared > MAX_RESPONSE_SIZE ? null : readBefore(deadline, body, call, r.statusCode());
                if (bytes == null || bytes.length > MAX_RESPONSE_SIZE) {
                    throw new ControlPlaneException(
                            "answer larger than " + MAX_RESPONSE_SIZE + " bytes (HTTP " + r.statusCode() + "): "
                                    + call.describe(),
                            r.statusCode());
                }
                return new HttpResult(r.statusCode(), r.headers().map(), bytes);
            }
        } catch (HttpConnectTimeoutException e) {
            throw new ControlPlaneException("connect timed out: " + call.describe(), e);
        } catch (HttpTimeoutException e) {
            throw new ControlPlaneException("timed out after " + call.timeout() + ": " + call.describe(), e);
        } catch (ConnectException e) {
            throw new ControlPlaneException("connection refused: " + call.describe(), e);
        } catch (ControlPlaneException e) {
            throw e;
        } catch (IOException e) {
            throw new ControlPlaneException(
                    e.getClass().getSimpleName()
                            + (e.getMessage() == null
                                    ? ""
                                    : " " + dev.hearth.secret.Secrets.maskPatterns(e.getMessage()))
                            + ": " + call.describe(),
                    e);
        }
    }

    /**
     * Reads the answer's body, at most one byte over the size cap, by the request's deadline. The JDK
     * client's request timeout ends when the status line and headers have come: a server that sends
     * them and then stops would hold the caller (a poll, a signal) forever. Closing the stream from a
     * timer ends a blocked read.
     */
    private static byte[] readBefore(long deadline, InputStream body, HttpCall call, int status) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        CompletableFuture<Void> timer = CompletableFuture.runAsync(
                () -> {
                    expired.set(true);
                    try {
                        body.close();
                    } catch (IOException ignored) {
                        // the reader sees the stream end either way
                    }
                },
                CompletableFuture.delayedExecutor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        try {
            return body.readNBytes(MAX_RESPONSE_SIZE + 1);
        } catch (IOException e) {
            if (!expired.get()) throw e;
            throw new ControlPlaneException(
                    "timed out after " + call.timeout() + " (HTTP " + status + ", the answer stopped coming): "
                            + call.describe(),
                    e);
        } finally {
            timer.cancel(false);
        }
    }

    private static SSLContext sslContext(Path caFile) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, PemTrust.of(caFile, false).getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use CA file " + caFile + ": " + e.getMessage(), e);
        }
    }
}
