package dev.hearth.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an aggregated request and runs its endpoint on a virtual thread, never on the event loop.
 * Answers on one connection leave in the order the requests came (HTTP/1.1 pipelining), while the
 * endpoints themselves may run concurrently. One instance per connection.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

    private final Router router;
    private final ExecutorService executor;
    private final RequestMetrics metrics;
    private final PendingWrites writes;
    /** Completes when the previous answer on this connection has been handed to netty. Event-loop only. */
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    RequestHandler(Router router, ExecutorService executor, RequestMetrics metrics, PendingWrites writes) {
        this.router = router;
        this.executor = executor;
        this.metrics = metrics;
        this.writes = writes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long start = System.nanoTime();
        HttpMethod method = request.method();
        String path = new QueryStringDecoder(request.uri()).path();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Router.Resolution resolution = router.resolve(method, path);
        byte[] body = ByteBufUtil.getBytes(request.content());

        CompletableFuture<Reply> reply;
        try {
            reply = CompletableFuture.supplyAsync(() -> answer(resolution, method, path, body), executor);
        } catch (RejectedExecutionException e) {
            reply = CompletableFuture.completedFuture(
                    Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "agent is stopping"));
        }
        CompletableFuture<Reply> answer = reply;
        previous = previous.thenCompose(ignored -> answer).handle((r, failure) -> {
            Reply out = r != null ? r : Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
            metrics.count(resolution.label(), out.status().code());
            writes.track(Responses.write(ctx, out, keepAlive));
            if (log.isDebugEnabled()) {
                log.debug(
                        "{} {} -> {} in {} ms",
                        method,
                        resolution.label(),
                        out.status().code(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            return null;
        });
    }

    private static Reply answer(Router.Resolution resolution, HttpMethod method, String path, byte[] body) {
        return switch (resolution) {
            case Router.NotFound nf -> Reply.error(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path);
            case Router.MethodNotAllowed na ->
                Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " not allowed on " + na.label())
                        .withHeader(
                                HttpHeaderNames.ALLOW.toString(),
                                na.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
            case Router.Found found -> {
                try {
                    yield found.endpoint().apply(new Router.Request(method, path, found.params(), body));
                } catch (RuntimeException e) {
                    log.error("{} {} failed", method, found.label(), e);
                    yield Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error (see the agent's log)");
                }
            }
        };
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // Closing an idle connection: whether the close succeeds changes nothing here.
            ChannelFuture unused = ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof SSLException) {
            log.warn("TLS with {} failed: {}", ctx.channel().remoteAddress(), root.getMessage());
        } else if (root instanceof IOException) {
            log.debug("connection from {}: {}", ctx.channel().remoteAddress(), root.toString());
        } else {
            log.warn("connection from {} closed after an error", ctx.channel().remoteAddress(), root);
        }
        ChannelFuture unused = ctx.close(); // the error is logged; a failing close adds nothing
    }
}
