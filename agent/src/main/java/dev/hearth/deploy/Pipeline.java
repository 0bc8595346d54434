package dev.hearth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.InvalidDeploymentException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import static dev.hearth.metrics.Meters.METADATA_DOCUMENTS;

/**
 * The one worker that runs deployments. Pushed documents (persisted in the inbox first) and the
 * latest polled document feed it; it processes them one at a time, so a deployment id runs once
 * whichever way it arrived. A push wakes the worker at once.
 */
public final class Pipeline implements MetadataSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final DeploymentRunner runner;
    private final DeploymentStore store;
    private final Inbox inbox;
    private final List<NodeMetadataObserver> observers;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Consumer<List<Outcome>> onPass;

    private final Object lock = new Object();
    private final Deque<Inbox.Item> pushed = new ArrayDeque<>();
    private MetadataDocument.Tolerant polled;
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private volatile MetadataDocument lastProcessed;
    private boolean busy;
    private boolean closing;
    /** How often the idle worker wakes up to show it is alive. */
    static final Duration TURN = Duration.ofSeconds(1);
    /** nanoTime of the worker's last sign of life: a turn of its loop, or the start of a deployment or task. */
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean working;
    private Thread worker;

    public Pipeline(DeploymentRunner runner, DeploymentStore store, Inbox inbox, List<NodeMetadataObserver> observers,
                    MeterRegistry meters, Clock clock, Consumer<List<Outcome>> onPass) {
        this.runner = runner;
        this.store = store;
        this.inbox = inbox;
        this.observers = List.copyOf(observers);
        this.meters = meters;
        this.clock = clock;
        this.onPass = onPass == null ? o -> {} : onPass;
    }

    /** Starts the worker, first replaying pushed documents a previous run accepted but did not process. */
    public void start() throws IOException {
        synchronized (lock) {
            for (Inbox.Item item : inbox.pending()) {
                try {
                    queueRecords(MetadataDocument.parse(item.document()), "push");
                    pushed.add(item);
                } catch (InvalidDeploymentException e) {
                    log.error("dropping persisted push {}: {}", item.file(), e.getMessage());
                    inbox.done(item);
                }
            }
        }
        worker = Thread.ofVirtual().name("hearth-pipeline").start(this::work);
    }

    @Override
    public List<String> push(JsonNode document) {
        MetadataDocument doc = MetadataDocument.parse(document);
        synchronized (lock) {
            if (closing) throw new IllegalStateException("the agent is shutting down");
            List<String> ids = queueRecords(doc, "push");
            pushed.add(inbox.add(document));
            meters.counter(METADATA_DOCUMENTS, "source", "push").increment();
            lock.notifyAll();
            return ids;
        }
    }

    /** The latest document from the collectors; replaces one not yet processed. */
    public void offerPolled(MetadataDocument.Tolerant parsed) {
        synchronized (lock) {
            queueRecords(parsed.valid(), "poll");
            polled = parsed;
            meters.counter(METADATA_DOCUMENTS, "source", "poll").increment();
            lock.notifyAll();
        }
    }

    private List<String> queueRecords(MetadataDocument doc, String source) {
        List<String> ids = new ArrayList<>();
        Instant now = clock.instant();
        for (Deployment d : doc.deployments()) {
            if (!runner.wouldRun(d)) continue;
            ids.add(d.id());
            store.queue(new DeploymentRecord(d.id(), d.name(), d.group(), d.deployAction(), source,
                    DeploymentState.QUEUED, now, null, null, null, null, null, null, null));
        }
        return ids;
    }

    private void work() {
        while (true) {
            Inbox.Item item = null;
            MetadataDocument.Tolerant doc = null;
            Runnable task = null;
            synchronized (lock) {
                while (!closing && pushed.isEmpty() && polled == null && tasks.isEmpty()) {
                    progress(false);
                    try {
                        lock.wait(TURN.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closing) return;
                if (!pushed.isEmpty()) {
                    item = pushed.poll();
                    doc = new MetadataDocument.Tolerant(MetadataDocument.parse(item.document()), List.of());
                } else if (polled != null) {
                    doc = polled;
                    polled = null;
                } else {
                    task = tasks.poll();
                }
                busy = true;
                progress(true);
            }
            if (task != null) {
                runTask(task);
                continue;
            }
            try {
                process(doc, item != null ? "push" : "poll");
                if (item != null) inbox.done(item);
            } catch (InterruptedException e) {
                return; // a pushed document not finished stays in the inbox and is replayed at start
            } catch (RuntimeException e) {
                log.error("processing a metadata document failed", e);
                if (item != null) inbox.done(item);
            } finally {
                synchronized (lock) {
                    busy = false;
                    lock.notifyAll();
                }
            }
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("maintenance task failed: {}", e.getMessage(), e);
        } finally {
            synchronized (lock) {
                busy = false;
                lock.notifyAll();
            }
        }
    }

    /**
     * Runs {@code task} on the worker between documents, never while deployments run (drift checks
     * and repairs must not race a docker-cmd pass).
     */
    public void submit(Runnable task) {
        synchronized (lock) {
            if (closing) return;
            tasks.add(task);
            lock.notifyAll();
        }
    }

    private void progress(boolean work) {
        working = work;
        lastProgress = System.nanoTime();
    }

    /**
     * Whether the worker is alive: idle, it turns every {@link #TURN}; busy, one deployment (or
     * maintenance task) may take up to {@code workBound} (the hook timeout and some). Read without
     * the lock, so that a worker stuck holding it still reads as stuck.
     */
    public boolean turning(Duration idleBound, Duration workBound) {
        long silent = System.nanoTime() - lastProgress;
        return silent < (working ? workBound : idleBound).toNanos();
    }

    /** The last document processed (its deployments are what this node should have). */
    public MetadataDocument lastProcessed() { return lastProcessed; }

    /** Runs one document now on the caller's thread (used by `hearth apply`, and by the worker). */
    public List<Outcome> process(MetadataDocument.Tolerant parsed, String source) throws InterruptedException {
        return process(parsed, source, true);
    }

    /**
     * Runs part of what the node should have ({@code hearth deploy} runs a role phase by phase): the
     * metadata observers (the docker-cmd cleanup) are not told, since the document is not all the
     * node's metadata; the caller does its own, scoped cleanup.
     */
    public List<Outcome> processPart(MetadataDocument doc, String source) throws InterruptedException {
        return process(new MetadataDocument.Tolerant(doc, List.of()), source, false);
    }

    private List<Outcome> process(MetadataDocument.Tolerant parsed, String source, boolean whole)
            throws InterruptedException {
        MetadataDocument doc = parsed.valid();
        for (NodeMetadataObserver o : whole ? observers : List.<NodeMetadataObserver>of()) {
            try {
                o.onMetadata(doc.deployments()).forEach(line -> log.info("{}", line));
            } catch (RuntimeException e) {
                log.error("metadata observer failed: {}", e.getMessage(), e);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (MetadataDocument.Invalid bad : parsed.invalid()) {
            log.error("metadata from {}: {}", source, bad.reason());
            if (bad.forSignal() != null) outcomes.add(runner.failInvalid(bad.forSignal(), bad.reason(), source));
        }
        for (Deployment d : doc.deployments()) {
            // On shutdown, stop between deployments; the rest comes again with the next poll or replay.
            if (isClosing() || Thread.currentThread().isInterrupted()) throw new InterruptedException("shutting down");
            progress(true);
            outcomes.add(runner.run(d, source));
        }
        if (whole) lastProcessed = doc;
        onPass.accept(outcomes);
        return outcomes;
    }

    private boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    /** Waits until nothing is queued or running (tests, `hearth apply`). */
    public boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (busy || !pushed.isEmpty() || polled != null) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) return false;
                lock.wait(left);
            }
            return true;
        }
    }

    /**
     * Stops taking work and waits up to {@code graceMillis} for the running hook to finish; a hook
     * still running then is interrupted (its marker stays RUNNING; recovery settles it at next start).
     */
    public void shutdown(long graceMillis) throws InterruptedException {
        synchronized (lock) {
            closing = true;
            long deadline = System.currentTimeMillis() + graceMillis;
            while (busy) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) break;
                lock.wait(left);
            }
            lock.notifyAll();
        }
        if (worker != null) {
            worker.interrupt();
            worker.join(5000);
        }
    }

    @Override
    public void close() throws InterruptedException { shutdown(0); }
}
