package dev.hearth.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on the request head, before any body is buffered: a malformed request gets 400, an
 * unauthenticated one 401 (the body is dropped and the connection closed). What is open without
 * credentials is the policy's to say.
 * One instance per connection.
 */
final class AuthHandler extends ChannelInboundHandlerAdapter {
    static final String OPEN_PATH = AuthPolicy.HEALTH_PATH;
    private static final Logger log = LoggerFactory.getLogger(AuthHandler.class);

    private final AuthPolicy policy;
    private final Router router;
    private final RequestMetrics metrics;
    private boolean dropping;

    AuthHandler(AuthPolicy policy, Router router, RequestMetrics metrics) {
        this.policy = policy;
        this.router = router;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            dropping = false;
            if (request.decoderResult().isFailure()) {
                refuse(
                        ctx,
                        msg,
                        Router.UNMATCHED,
                        Reply.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
                return;
            }
            String path = new QueryStringDecoder(request.uri()).path();
            if (!policy.isOpen(path)) {
                Optional<String> refusal = policy.refusal(request, ctx.channel());
                if (refusal.isPresent()) {
                    log.warn(
                            "{} {} from {} refused: {}",
                            request.method(),
                            router.resolve(request.method(), path).label(),
                            ctx.channel().remoteAddress(),
                            refusal.get());
                    refuse(
                            ctx,
                            msg,
                            router.resolve(request.method(), path).label(),
                            Reply.error(HttpResponseStatus.UNAUTHORIZED, refusal.get())
                                    .withHeader(
                                            HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer realm=\"hearth\""));
                    return;
                }
            }
        } else if (msg instanceof HttpContent && dropping) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, String route, Reply reply) {
        dropping = true;
        ReferenceCountUtil.release(msg);
        metrics.count(route, reply.status().code());
        // The refusal is the last thing on this connection: a client gone meanwhile needs no handling.
        ChannelFuture unused = Responses.write(ctx, reply, false);
    }
}
