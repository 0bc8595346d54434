package dev.hearth.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The parts of an agent's answer that {@code hearth push} and {@code hearth status} read, from the bytes
 * of an HTTP/1.1 exchange of one request per connection ({@link UnixSocketHttp}, {@link PlainHttp}).
 */
record AgentAnswer(int statusCode, String body, URI uri) implements HttpResponse<String> {

    /** The request head; the agent answers and then closes ({@code Connection: close}). */
    static byte[] head(String method, String path, String host, String token, byte[] body) {
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append("\r\nAccept: application/json\r\nConnection: close\r\n");
        if (token != null) head.append("Authorization: Bearer ").append(token).append("\r\n");
        if (body != null)
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Where the head ends (the index of the body), or -1 while it has not ended within {@code length}. */
    static int bodyStart(byte[] raw, int length) {
        for (int i = 3; i < length; i++) {
            if (raw[i] == '\n' && raw[i - 1] == '\r' && raw[i - 2] == '\n' && raw[i - 3] == '\r') return i + 1;
        }
        return -1;
    }

    /** The Content-Length of a head, or -1 without one. */
    static long contentLength(byte[] raw, int bodyStart) {
        for (String line : new String(raw, 0, bodyStart, StandardCharsets.ISO_8859_1).split("\r\n", -1)) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    return Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    static AgentAnswer parse(byte[] raw, int length, URI uri) throws IOException {
        int start = bodyStart(raw, length);
        String text = new String(raw, 0, Math.max(start, 0), StandardCharsets.ISO_8859_1);
        if (start < 0 || !text.startsWith("HTTP/1.")) throw new IOException("the agent's answer is not HTTP");
        String[] status = text.substring(0, text.indexOf("\r\n")).split(" ", 3);
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (RuntimeException e) {
            throw new IOException("the agent's answer has no status code");
        }
        return new AgentAnswer(code, new String(raw, start, length - start, StandardCharsets.UTF_8), uri);
    }

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
