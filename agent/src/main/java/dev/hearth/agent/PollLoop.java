package dev.hearth.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.hearth.config.AgentConfig;
import dev.hearth.deploy.Pipeline;
import dev.hearth.deploy.SourceReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * os-collect-config's loop (docs/heat-protocol.md#the-poll-loop): after a random splay, poll the collectors; hand
 * a changed document to the pipeline; sleep, doubling from {@code min_interval} up to
 * {@code max_interval}. Unlike the Python agent, the sleep goes back to the minimum after a change,
 * so that the deployments Heat releases one after another are picked up quickly.
 */
public final class PollLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

    /** One poll of all collectors: what each said, empty when no collector answered. */
    public interface Source {
        Optional<List<SourceReport>> poll() throws InterruptedException;
    }

    private final Supplier<Source> source;
    private final Pipeline pipeline;
    private final Supplier<AgentConfig.Polling> polling;
    private final Object lock = new Object();
    /** Each collector's last answer handed on (a NullNode for "nothing"). */
    private final Map<String, JsonNode> last = new HashMap<>();

    private boolean closing;
    private boolean woken;
    private Thread thread;

    /** Suppliers, so that a SIGHUP reload swaps collectors and intervals without a restart. */
    public PollLoop(Supplier<Source> source, Pipeline pipeline, Supplier<AgentConfig.Polling> polling) {
        this.source = source;
        this.pipeline = pipeline;
        this.polling = polling;
    }

    public void start() {
        thread = Thread.ofVirtual().name("hearth-poll").start(this::loop);
    }

    /** Polls again now (after a reload). */
    public void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    private void loop() {
        try {
            Duration splay = polling.get().splay();
            if (!splay.isZero())
                sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(splay.toMillis() + 1)));
            Duration interval = polling.get().minInterval();
            while (!isClosing()) {
                boolean changed = pollOnce();
                AgentConfig.Polling p = polling.get();
                interval = changed ? p.minInterval() : min(interval.multipliedBy(2), p.maxInterval());
                sleep(interval);
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /**
     * Polls every collector once.
     *
     * @return true when some collector's answer changed and went to the pipeline
     */
    boolean pollOnce() throws InterruptedException {
        Optional<List<SourceReport>> reports;
        try {
            reports = source.get().poll();
        } catch (RuntimeException e) {
            log.error("polling failed: {}", e.getMessage(), e);
            return false;
        }
        if (reports.isEmpty()) return false;
        Map<String, JsonNode> now = new HashMap<>();
        for (SourceReport r : reports.get()) {
            switch (r.answer()) {
                case ANSWERED -> now.put(r.source(), r.document());
                case NOTHING -> now.put(r.source(), NullNode.getInstance());
                case FAILED -> {
                    if (last.containsKey(r.source())) now.put(r.source(), last.get(r.source()));
                }
            }
        }
        if (now.equals(last)) return false;
        last.clear();
        last.putAll(now);
        pipeline.offerPolled(reports.get());
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            while (!closing && !woken) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                lock.wait(Math.max(1, left / 1_000_000));
            }
            woken = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }
}
