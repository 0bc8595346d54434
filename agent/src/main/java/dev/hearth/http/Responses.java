package dev.hearth.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** Turns a {@link Reply} into a netty response and writes it. */
final class Responses {
    private Responses() {}

    static FullHttpResponse toNetty(Reply reply, boolean keepAlive) {
        FullHttpResponse r =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(), Unpooled.wrappedBuffer(reply.body()));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> h : reply.headers().entrySet())
            r.headers().set(h.getKey(), h.getValue());
        HttpUtil.setKeepAlive(r, keepAlive);
        return r;
    }

    /** Writes the reply and closes the connection afterwards unless it is kept alive. */
    static ChannelFuture write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        ChannelFuture f = ctx.writeAndFlush(toNetty(reply, keepAlive));
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
        return f;
    }
}
