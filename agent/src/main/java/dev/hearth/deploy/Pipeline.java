package dev.hearth.deploy;

import static dev.hearth.metrics.Meters.METADATA_DOCUMENTS;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.InvalidDeploymentException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one worker that runs deployments. Pushed documents (persisted in the inbox first) and what the
 * collectors returned feed it; it processes them one at a time, so a deployment id runs once
 * whichever way it arrived. A push wakes the worker at once.
 *
 * <p>Each source (every collector, push, `hearth apply`) has its own latest document
 * ({@link NodeSources}); what the node should have is their union. What acts on absence (the
 * docker-cmd cleanup) sees that union, and only when it is complete. A document whose records
 * cannot be written (disk full) is kept and processed again until they can.
 */
public final class Pipeline implements MetadataSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final DeploymentRunner runner;
    private final DeploymentStore store;
    private final Inbox inbox;
    private final NodeSources sources;
    private final StateHealth health;
    private final List<NodeMetadataObserver> observers;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Consumer<List<Outcome>> onPass;

    private final Object lock = new Object();
    private final Deque<Inbox.Item> pushed = new ArrayDeque<>();
    private final Map<String, SourceReport> polled = new LinkedHashMap<>();
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private volatile List<String> collectors;
    private volatile NodeSources.View lastView;
    private List<String> lastMissing = List.of();
    private boolean busy;
    private boolean closing;
    private boolean retrying;
    private long retryAtNanos;
    private Duration retryDelay = FIRST_RETRY;
    /** How often the idle worker wakes up to show it is alive. */
    static final Duration TURN = Duration.ofSeconds(1);
    /** nanoTime of the worker's last sign of life: a turn of its loop, or the start of a deployment or task. */
    private volatile long lastProgress = System.nanoTime();

    private volatile boolean working;
    private Thread worker;

    public Pipeline(
            DeploymentRunner runner,
            DeploymentStore store,
            Inbox inbox,
            NodeSources sources,
            StateHealth health,
            List<String> collectors,
            List<NodeMetadataObserver> observers,
            MeterRegistry meters,
            Clock clock,
            Consumer<List<Outcome>> onPass) {
        this.runner = runner;
        this.store = store;
        this.inbox = inbox;
        this.sources = sources;
        this.health = health;
        this.collectors = List.copyOf(collectors);
        this.observers = List.copyOf(observers);
        this.meters = meters;
        this.clock = clock;
        this.onPass = onPass == null ? o -> {} : onPass;
        health.onAttempt(() -> progress(true));
    }

    /** The collectors configured now (after a reload): their documents make the node's view. */
    public void collectors(List<String> names) {
        this.collectors = List.copyOf(names);
    }

    /** Starts the worker, first replaying pushed documents a previous run accepted but did not process. */
    public void start() throws IOException {
        synchronized (lock) {
            for (Inbox.Item item : inbox.pending()) {
                try {
                    queueRecords(MetadataDocument.parse(item.document()), NodeSources.PUSH);
                    pushed.add(item);
                } catch (InvalidDeploymentException e) {
                    log.error("dropping persisted push {}: {}", item.file(), e.getMessage());
                    inbox.done(item);
                }
            }
        }
        // What the sources last said counts from the start (drift checks), before any of them answers again.
        lastView = sources.view(collectors);
        worker = Thread.ofVirtual().name("hearth-pipeline").start(this::work);
    }

    /**
     * {@inheritDoc} The document replaces the previous pushed document only: deployments of the
     * collectors and of earlier `hearth apply` runs stay.
     *
     * @throws StateUnavailableException when the document cannot be persisted (nothing is accepted)
     */
    @Override
    public List<String> push(JsonNode document) {
        MetadataDocument doc = MetadataDocument.parse(document);
        synchronized (lock) {
            if (closing) throw new IllegalStateException("the agent is shutting down");
            Inbox.Item item;
            try {
                item = inbox.add(document);
            } catch (IOException e) {
                health.failed("pushed document", e);
                throw new StateUnavailableException(
                        "the pushed document cannot be persisted in the state directory (" + StateHealth.describe(e)
                                + "); nothing was accepted, send it again later",
                        StateHealth.isNoSpace(e),
                        e);
            }
            List<String> ids = queueRecords(doc, NodeSources.PUSH);
            pushed.add(item);
            meters.counter(METADATA_DOCUMENTS, "source", "push").increment();
            lock.notifyAll();
            return ids;
        }
    }

    /**
     * What the collectors said in one poll (each configured collector once). An answer not yet
     * processed is not undone by a later failure of the same collector.
     */
    public void offerPolled(List<SourceReport> reports) {
        synchronized (lock) {
            for (SourceReport r : reports) {
                if (r.answer() == SourceReport.Answer.FAILED && polled.containsKey(r.source())) continue;
                polled.put(r.source(), r);
                if (r.answer() == SourceReport.Answer.ANSWERED) {
                    queueRecords(MetadataDocument.parseTolerant(r.document()).valid(), r.source());
                }
            }
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
            store.queue(new DeploymentRecord(
                    d.id(),
                    d.name(),
                    d.group(),
                    d.deployAction(),
                    source,
                    DeploymentState.QUEUED,
                    now,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        return ids;
    }

    private void work() {
        while (true) {
            Inbox.Item item = null;
            Map<String, SourceReport> reports = null;
            Runnable task = null;
            synchronized (lock) {
                try {
                    while (true) {
                        if (closing) return;
                        if (!tasks.isEmpty()) {
                            task = tasks.poll();
                            break;
                        }
                        boolean work = !pushed.isEmpty() || !polled.isEmpty();
                        long waitMillis = retrying ? (retryAtNanos - System.nanoTime()) / 1_000_000 : 0;
                        if (work && waitMillis <= 0) {
                            if (!pushed.isEmpty()) item = pushed.peek();
                            else reports = new LinkedHashMap<>(polled);
                            break;
                        }
                        progress(false);
                        lock.wait(work ? Math.max(1, Math.min(waitMillis, TURN.toMillis())) : TURN.toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
                busy = true;
                progress(true);
            }
            if (task != null) {
                runTask(task);
                continue;
            }
            try {
                if (item != null) processPush(item);
                else processPolled(reports);
                settled(item, reports);
                health.ok();
            } catch (InterruptedException e) {
                return; // a pushed document not finished stays in the inbox and is replayed at start
            } catch (UncheckedIOException e) {
                health.failed(item != null ? "pushed document" : "polled document", e);
                retryLater();
            } catch (RuntimeException e) {
                log.error("processing a metadata document failed", e);
                settled(item, reports);
                if (item != null)
                    forgetQueued(MetadataDocument.parseTolerant(item.document())
                            .valid()
                            .deployments());
            } finally {
                synchronized (lock) {
                    busy = false;
                    lock.notifyAll();
                }
            }
        }
    }

    /** The work is done (or dropped): it leaves the queue, and the next failure starts from the first delay. */
    // Identity on purpose: a report that a newer poll replaced meanwhile (even an equal one) stays.
    @SuppressWarnings("ReferenceEquality")
    private void settled(Inbox.Item item, Map<String, SourceReport> reports) {
        synchronized (lock) {
            if (item != null) {
                pushed.remove(item);
                inbox.done(item);
            } else {
                polled.entrySet().removeIf(e -> reports.get(e.getKey()) == e.getValue());
            }
            retrying = false;
            retryDelay = FIRST_RETRY;
        }
    }

    private void retryLater() {
        synchronized (lock) {
            retrying = true;
            retryAtNanos = System.nanoTime() + retryDelay.toNanos();
            retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryDelay.multipliedBy(2);
        }
    }

    private void processPush(Inbox.Item item) throws InterruptedException {
        MetadataDocument doc = MetadataDocument.parse(item.document());
        record(NodeSources.PUSH, item.document());
        pass(doc.deployments(), List.of(), d -> NodeSources.PUSH, sources.view(collectors));
    }

    private void processPolled(Map<String, SourceReport> reports) throws InterruptedException {
        for (SourceReport r : reports.values()) {
            switch (r.answer()) {
                case ANSWERED -> record(r.source(), r.document());
                case NOTHING -> record(r.source(), null);
                case FAILED -> {} // its last document stands
            }
        }
        List<String> polledSources = collectors;
        NodeSources.View view = sources.view(polledSources);
        List<Deployment> run = view.deployments().stream()
                .filter(d -> polledSources.contains(view.sourceOf().get(d.id())))
                .toList();
        List<Sourced> invalid = new ArrayList<>();
        view.invalid().forEach((source, list) -> list.forEach(bad -> invalid.add(new Sourced(source, bad))));
        pass(run, invalid, d -> view.sourceOf().get(d.id()), view);
        // A polled deployment that left its document before it ran will not run: not QUEUED any more.
        store.dropQueued(
                r -> polledSources.contains(r.source()) && !view.sourceOf().containsKey(r.id()));
    }

    private void record(String source, JsonNode document) {
        try {
            sources.record(source, document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the latest document of source " + source, e);
        }
    }

    private record Sourced(String source, MetadataDocument.Invalid invalid) {}

    private void forgetQueued(List<Deployment> deployments) {
        for (Deployment d : deployments) if (!store.hasRun(d.id())) store.unqueue(d.id());
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

    /** What this node should have, as of the last pass (the union of its sources' documents). */
    public MetadataDocument lastProcessed() {
        NodeSources.View v = lastView;
        return v == null ? null : v.document();
    }

    /** The source that carries each deployment of the node's view (status shows it). */
    public Map<String, String> sourceOf() {
        NodeSources.View v = lastView;
        return v == null ? Map.of() : v.sourceOf();
    }

    /**
     * Runs one document now on the caller's thread ({@code hearth apply}, source {@value NodeSources#APPLY}):
     * it becomes that source's latest document, its deployments run, and the cleanup sees the union
     * with the other sources of this state directory.
     */
    public List<Outcome> process(MetadataDocument.Tolerant parsed, String source) throws InterruptedException {
        if (parsed.valid().raw() != null) record(source, parsed.valid().raw());
        List<Sourced> invalid =
                parsed.invalid().stream().map(bad -> new Sourced(source, bad)).toList();
        return pass(parsed.valid().deployments(), invalid, d -> source, sources.view(collectors));
    }

    /**
     * Runs part of what the node should have ({@code hearth deploy} runs a role phase by phase): the
     * metadata observers (the docker-cmd cleanup) are not told, since the document is not all the
     * node's metadata; the caller does its own, scoped cleanup.
     */
    public List<Outcome> processPart(MetadataDocument doc, String source) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Deployment d : doc.deployments()) {
            if (isClosing() || Thread.currentThread().isInterrupted()) throw new InterruptedException("shutting down");
            progress(true);
            outcomes.add(runner.run(d, source));
        }
        onPass.accept(outcomes);
        return outcomes;
    }

    private List<Outcome> pass(
            List<Deployment> run, List<Sourced> invalid, Function<Deployment, String> sourceOf, NodeSources.View view)
            throws InterruptedException {
        cleanup(view);
        List<Outcome> outcomes = new ArrayList<>();
        Set<String> failedInvalid = new HashSet<>();
        for (Sourced bad : invalid) {
            log.error("metadata from {}: {}", bad.source(), bad.invalid().reason());
            Deployment stub = bad.invalid().forSignal();
            if (stub != null && failedInvalid.add(stub.id())) {
                outcomes.add(runner.failInvalid(stub, bad.invalid().reason(), bad.source()));
            }
        }
        for (Deployment d : run) {
            // On shutdown, stop between deployments; the rest comes again with the next poll or replay.
            if (isClosing() || Thread.currentThread().isInterrupted()) throw new InterruptedException("shutting down");
            progress(true);
            outcomes.add(runner.run(d, sourceOf.apply(d)));
        }
        lastView = view;
        onPass.accept(outcomes);
        return outcomes;
    }

    /** What acts on absence runs only on a complete view: a source never heard from could list anything. */
    private void cleanup(NodeSources.View view) {
        if (!view.complete()) {
            if (!view.missing().equals(lastMissing)) {
                log.warn(
                        "not removing anything that left the metadata: source(s) {} have not answered since start "
                                + "and have no saved document",
                        view.missing());
            }
            lastMissing = view.missing();
            return;
        }
        lastMissing = List.of();
        for (NodeMetadataObserver o : observers) {
            try {
                o.onMetadata(view.deployments()).forEach(line -> log.info("{}", line));
            } catch (RuntimeException e) {
                log.error("metadata observer failed: {}", e.getMessage(), e);
            }
        }
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
            while (busy || !pushed.isEmpty() || !polled.isEmpty()) {
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
    public void close() throws InterruptedException {
        shutdown(0);
    }
}
