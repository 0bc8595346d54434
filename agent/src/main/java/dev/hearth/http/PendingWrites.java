package dev.hearth.http;

import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers handed to netty and not yet written. {@link AgentHttpServer#close()} waits for them before
 * shutting the event loops down, which would otherwise close the connections first.
 */
final class PendingWrites {
    private final Set<ChannelFuture> pending = ConcurrentHashMap.newKeySet();

    void track(ChannelFuture write) {
        pending.add(write);
        write.addListener(f -> pending.remove(write));
    }

    void awaitAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ChannelFuture f : Set.copyOf(pending)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(left / 1_000_000 + 1)) return;
        }
    }
}
