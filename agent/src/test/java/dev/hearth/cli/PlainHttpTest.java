package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plain-http exchange of the CLI, against a server that answers with a Content-Length and keeps the line open. */
class PlainHttpTest {

    @Test
    void sendsTheTokenAndTheBodyAndReadsTheAnswerUpToItsContentLength() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch answered = new CountDownLatch(1);
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    String got = readRequest(s.getInputStream(), 4);
                    byte[] body = "{\"ü\": \"x\"}".getBytes(StandardCharsets.UTF_8);
                    s.getOutputStream()
                            .write(("HTTP/1.1 404 Not Found\r\ncontent-length: " + body.length + "\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(body);
                    s.getOutputStream().flush();
                    // The line stays open: the client must stop at the Content-Length, not wait for the end.
                    answered.await(30, TimeUnit.SECONDS);
                    return got;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
            HttpResponse<String> r = new PlainHttp(base, Duration.ofSeconds(5), Duration.ofSeconds(20))
                    .send("POST", "/v1/metadata", "t0k", "body".getBytes(StandardCharsets.UTF_8));
            answered.countDown();
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"ü\": \"x\"}");
            assertThat(request.get(10, TimeUnit.SECONDS))
                    .startsWith("POST /v1/metadata HTTP/1.1\r\n")
                    .contains("\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n")
                    .contains("\r\nAuthorization: Bearer t0k\r\n")
                    .contains("\r\nContent-Length: 4\r\n")
                    .contains("\r\nConnection: close\r\n")
                    .endsWith("\r\n\r\nbody");
        }
    }

    @Test
    void nothingListeningIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PlainHttp http =
                new PlainHttp(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThatThrownBy(() -> http.send("GET", "/v1/deployments", null, null))
                .isInstanceOf(ConnectException.class);
    }

    /** The head and a body of {@code bodyLength} bytes. */
    private static String readRequest(InputStream in, int bodyLength) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) break;
            got.write(b);
            String text = got.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0 && got.size() == end + 4 + bodyLength) break;
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
