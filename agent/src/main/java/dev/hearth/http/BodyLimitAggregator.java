package dev.hearth.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * netty's aggregator with the body limit, answering 413 with a JSON error instead of an empty body:
 * for a declared Content-Length over the limit (also before {@code 100-continue}) and for a chunked
 * body that grows past it. Connection handling follows netty's (close unless the rest of the body
 * can be drained on a kept-alive connection).
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final Router router;
    private final RequestMetrics metrics;

    BodyLimitAggregator(int maxBodySize, Router router, RequestMetrics metrics) {
        super(maxBodySize, true);
        this.router = router;
        this.metrics = metrics;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse r
                && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)
                && start instanceof HttpRequest request) {
            ReferenceCountUtil.release(r);
            return Responses.toNetty(tooLarge(request, maxContentLength), false);
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest request)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        boolean close = oversized instanceof FullHttpMessage
                || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
        // Responses.write closes the connection when it should; a client gone meanwhile needs no handling.
        ChannelFuture unused = Responses.write(ctx, tooLarge(request, maxContentLength()), !close);
    }

    private Reply tooLarge(HttpRequest request, int max) {
        String route = router.resolve(request.method(), new QueryStringDecoder(request.uri()).path())
                .label();
        metrics.count(route, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code());
        return Reply.error(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body larger than http.max_body_size (" + max + " bytes)");
    }
}
