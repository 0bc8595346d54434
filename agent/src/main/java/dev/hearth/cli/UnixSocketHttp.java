package dev.hearth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;

/**
 * One HTTP/1.1 exchange with the agent over its Unix socket ({@code http.socket}): the JDK client
 * speaks TCP only. One request per connection ({@code Connection: close}); the agent always answers
 * with a Content-Length, so the answer ends where the connection does.
 */
final class UnixSocketHttp {
    private final Path socket;
    private final Duration timeout;

    UnixSocketHttp(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    URI uri() {
        return URI.create("unix:" + socket);
    }

    HttpResponse<String> send(String method, String path, byte[] body) throws IOException, InterruptedException {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor();
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            var exchange = executor.submit(() -> exchange(ch, method, path, body));
            try {
                return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IOException("no answer within " + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) throw io;
                throw new IOException(e.getCause());
            }
        }
    }

    private HttpResponse<String> exchange(SocketChannel ch, String method, String path, byte[] body)
            throws IOException {
        ch.connect(UnixDomainSocketAddress.of(socket));
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nAccept: application/json\r\nConnection: close\r\n");
        if (body != null)
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        head.append("\r\n");
        write(ch, head.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) write(ch, body);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (ch.read(buf) >= 0) {
            buf.flip();
            in.write(buf.array(), 0, buf.limit());
            buf.clear();
        }
        return parse(in.toByteArray());
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
    }

    private HttpResponse<String> parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0 || !text.startsWith("HTTP/1.")) throw new IOException("the agent's answer is not HTTP");
        String[] status = text.substring(0, text.indexOf("\r\n")).split(" ", 3);
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (RuntimeException e) {
            throw new IOException("the agent's answer has no status code");
        }
        String body = new String(raw, end + 4, raw.length - end - 4, StandardCharsets.UTF_8);
        return new Answer(code, body, uri());
    }

    /** The parts of an answer {@code hearth push} and {@code hearth status} read. */
    private record Answer(int statusCode, String body, URI uri) implements HttpResponse<String> {
        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
