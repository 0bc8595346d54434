package dev.hearth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP/1.1 exchange with the agent over plain http: a blocking socket, one request per connection.
 * The JDK client sets up TLS (an SSLContext and a few hundred security classes) and a selector thread
 * even for an http URL; a short command such as {@code hearth status} spends most of its start on that.
 * https keeps the JDK client ({@link AgentClient}).
 */
final class PlainHttp {
    private final URI base;
    private final Duration connectTimeout;
    private final Duration timeout;

    PlainHttp(URI base, Duration connectTimeout, Duration timeout) {
        this.base = base;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    /**
     * @throws java.net.ConnectException     nothing listens there
     * @throws HttpConnectTimeoutException    the connection took too long
     */
    HttpResponse<String> send(String method, String path, String token, byte[] body) throws IOException {
        int port = base.getPort() >= 0 ? base.getPort() : 80;
        String host = base.getHost();
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("connection timed out");
            }
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            String hostHeader = base.getRawAuthority();
            out.write(AgentAnswer.head(method, base.getRawPath() + path, hostHeader, token, body));
            if (body != null) out.write(body);
            out.flush();
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s");
        }
    }

    /** Up to the Content-Length the agent always sends, or to the end of the connection. */
    private HttpResponse<String> read(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long wanted = -1;
        for (int n; (n = in.read(buf)) >= 0; ) {
            answer.write(buf, 0, n);
            if (wanted < 0) {
                byte[] raw = answer.toByteArray();
                int start = AgentAnswer.bodyStart(raw, raw.length);
                if (start >= 0) {
                    long length = AgentAnswer.contentLength(raw, start);
                    wanted = length >= 0 ? start + length : Long.MAX_VALUE;
                }
            }
            if (wanted >= 0 && answer.size() >= wanted) break;
        }
        byte[] raw = answer.toByteArray();
        return AgentAnswer.parse(raw, raw.length, base);
    }
}
