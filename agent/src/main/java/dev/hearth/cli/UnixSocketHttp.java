package dev.hearth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        write(ch, AgentAnswer.head(method, path, "localhost", null, body));
        if (body != null) write(ch, body);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (ch.read(buf) >= 0) {
            buf.flip();
            in.write(buf.array(), 0, buf.limit());
            buf.clear();
        }
        byte[] raw = in.toByteArray();
        return AgentAnswer.parse(raw, raw.length, uri());
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
    }
}
