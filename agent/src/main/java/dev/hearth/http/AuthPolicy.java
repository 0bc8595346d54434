package dev.hearth.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.util.Optional;

/**
 * Who may call the API: every configured mechanism must pass (a bearer token, a verified client
 * certificate, or both). With neither configured (loopback only) everyone may.
 *
 * @param token             null when no token is required
 * @param clientCertificate a client certificate verified against {@code http.tls_client_ca} is required
 */
public record AuthPolicy(BearerAuth token, boolean clientCertificate) {

    /** @return why the request is refused, or empty when it may proceed */
    public Optional<String> refusal(HttpRequest request, Channel channel) {
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
