package dev.hearth.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who may call the API: every configured mechanism must pass (a bearer token, a verified client
 * certificate, or both). With neither configured nobody may (settings never build such a policy;
 * this is the last line should one appear).
 *
 * @param token             null when no token is required
 * @param clientCertificate a client certificate verified against {@code http.tls_client_ca} is required
 * @param openMonitoring    {@code /readyz} and {@code /metrics} need no credentials (they carry no
 *                          secrets and no deployment content); {@code /healthz} never does
 * @param socketPeer        the connection came through the Unix socket: opening it took the socket
 *                          file's permission (root or its group), which is the credential, as with dockerd
 */
public record AuthPolicy(BearerAuth token, boolean clientCertificate, boolean openMonitoring, boolean socketPeer) {
    /** Paths anyone may read. */
    static final String HEALTH_PATH = "/healthz";

    private static final Set<String> MONITORING_PATHS = Set.of("/readyz", "/metrics");

    public AuthPolicy(BearerAuth token, boolean clientCertificate) {
        this(token, clientCertificate, false, false);
    }

    public AuthPolicy(BearerAuth token, boolean clientCertificate, boolean openMonitoring) {
        this(token, clientCertificate, openMonitoring, false);
    }

    /** The Unix socket's policy: the file system has already decided. */
    public static AuthPolicy socket() {
        return new AuthPolicy(null, false, false, true);
    }

    /**
     * Whether the path is served without authentication.
     *
     * @param path the request's path without its query
     */
    public boolean isOpen(String path) {
        return path.equals(HEALTH_PATH) || (openMonitoring && MONITORING_PATHS.contains(path));
    }

    /**
     * Whether the request may proceed.
     *
     * @return why the request is refused, or empty when it may proceed
     */
    public Optional<String> refusal(HttpRequest request, Channel channel) {
        if (socketPeer) return Optional.empty();
        if (token == null && !clientCertificate) return Optional.of("no credentials configured on the agent");
        if (clientCertificate && !hasVerifiedPeer(channel)) return Optional.of("client certificate required");
        if (token != null && !token.accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            return Optional.of("missing or wrong bearer token");
        }
        return Optional.empty();
    }

    private static boolean hasVerifiedPeer(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) return false;
        try {
            return ssl.engine().getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
