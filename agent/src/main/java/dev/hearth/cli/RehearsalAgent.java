package dev.hearth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for the agent's HTTP API during the training run of {@code hearth status}: it answers every
 * request with one finished deployment, so that the cache holds the classes of the path an operator
 * takes (the answer read and printed as a table), not only those of a refused connection.
 */
final class RehearsalAgent implements AutoCloseable {
    private static final String DEPLOYMENTS = """
            [{"id": "aot-rehearsal", "name": "rehearsal", "group": "script", "action": "CREATE",
              "source": "push", "state": "succeeded", "queued_at": "2025-01-01T00:00:00Z",
              "started_at": "2025-01-01T00:00:01Z", "finished_at": "2025-01-01T00:00:02Z",
              "status_code": 0, "reason": null, "stdout_tail": "", "stderr_tail": "",
              "signal": {"transport": "heat", "state": "delivered", "attempts": 1, "last_error": null,
                         "delivered_at": "2025-01-01T00:00:03Z"}}]
            """;

    private final ServerSocket server;
    private final Thread acceptor;

    RehearsalAgent() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("rehearsal-agent").start(this::serve);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                skipRequestHead(s.getInputStream());
                byte[] body = DEPLOYMENTS.getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // Closed at the end of the rehearsal, or a client that went away: nothing to answer.
            }
        }
    }

    /** Reads up to the blank line that ends the request head (a GET has no body). */
    private static void skipRequestHead(InputStream in) throws IOException {
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
