package dev.hearth.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One marker per deployment id under {@code <state_dir>/deployments/} (0600 files in a 0700
 * directory), written atomically. A marker exists from the moment a hook is about to start, so an
 * id never runs twice (at-most-once, as heat-config); queued deployments live only in memory.
 */
public final class DeploymentStore implements DeploymentQueries {
    private static final Logger log = LoggerFactory.getLogger(DeploymentStore.class);

    private final Path dir;
    private final ObjectMapper mapper;
    private final Map<String, DeploymentRecord> markers = new ConcurrentHashMap<>();
    private final Map<String, DeploymentRecord> queued = new ConcurrentHashMap<>();

    public DeploymentStore(Path stateDir) throws IOException {
        this.dir = stateDir.resolve("deployments");
        AtomicFiles.ensureDirectory(stateDir, AtomicFiles.DIR_0700);
        AtomicFiles.ensureDirectory(dir, AtomicFiles.DIR_0700);
        this.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        load();
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                try {
                    DeploymentRecord r = mapper.readValue(f.toFile(), DeploymentRecord.class);
                    markers.put(r.id(), r);
                } catch (IOException e) {
                    // Writes are atomic, so this is damage from outside: keep the id as done, never re-run it.
                    // A marker holds a deployment's output, so the reason names a position, never content.
                    String why = e instanceof JsonProcessingException j
                            ? Json.problem(j).getMessage()
                            : e.getMessage();
                    String id = f.getFileName().toString().replaceFirst("\\.json$", "");
                    log.error("marker {} cannot be read ({}); deployment {} is treated as already run", f, why, id);
                    markers.put(
                            id,
                            new DeploymentRecord(
                                    id,
                                    id,
                                    "unknown",
                                    null,
                                    "damaged-marker",
                                    DeploymentState.FAILED,
                                    null,
                                    null,
                                    null,
                                    null,
                                    "marker damaged: " + why,
                                    null,
                                    null,
                                    null));
                }
            }
        }
    }

    /** True when the id has a marker: it ran, is running, or was adopted from heat-config. */
    public boolean hasRun(String id) {
        return markers.containsKey(id);
    }

    public boolean isQueued(String id) {
        return queued.containsKey(id);
    }

    public void queue(DeploymentRecord r) {
        queued.putIfAbsent(r.id(), r);
    }

    public void unqueue(String id) {
        queued.remove(id);
    }

    /** Persists the marker (atomically) and makes it visible. */
    public synchronized void save(DeploymentRecord r) {
        write(r);
        markers.put(r.id(), r);
        queued.remove(r.id());
    }

    private void write(DeploymentRecord r) {
        try {
            AtomicFiles.write(
                    dir.resolve(r.id() + ".json"),
                    mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(r),
                    AtomicFiles.FILE_0600);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the marker of deployment " + r.id(), e);
        }
    }

    /** Changes the marker in memory only (status shows it); {@link #update} writes it. */
    public synchronized void amend(String id, java.util.function.UnaryOperator<DeploymentRecord> change) {
        markers.computeIfPresent(id, (k, r) -> change.apply(r));
    }

    /** Drops queued records that will not run (their document changed before they did). */
    public void dropQueued(java.util.function.Predicate<DeploymentRecord> gone) {
        queued.values().removeIf(gone);
    }

    /** Updates the signal part of a marker; unknown ids are ignored (the marker was removed). */
    public void updateSignal(String id, SignalStatus status) {
        update(id, r -> r.withSignal(status));
    }

    /**
     * Applies {@code change} to the current marker and saves it, atomically with respect to other
     * updates (the signal loop and the runner both write the same marker).
     */
    public synchronized void update(String id, java.util.function.UnaryOperator<DeploymentRecord> change) {
        DeploymentRecord r = markers.get(id);
        if (r == null) return;
        DeploymentRecord next = change.apply(r);
        // What happened is shown even while the disk cannot take it; the caller retries the write.
        markers.put(id, next);
        write(next);
    }

    public synchronized void delete(String id) throws IOException {
        AtomicFiles.deleteDurably(dir.resolve(id + ".json"));
        markers.remove(id);
    }

    @Override
    public List<DeploymentRecord> list() {
        List<DeploymentRecord> all = new ArrayList<>(markers.values());
        for (DeploymentRecord q : queued.values()) if (!markers.containsKey(q.id())) all.add(q);
        all.sort(Comparator.comparing(DeploymentStore::sortTime).reversed());
        return all;
    }

    private static Instant sortTime(DeploymentRecord r) {
        if (r.queuedAt() != null) return r.queuedAt();
        if (r.startedAt() != null) return r.startedAt();
        return Instant.EPOCH;
    }

    @Override
    public Optional<DeploymentRecord> get(String id) {
        DeploymentRecord r = markers.get(id);
        return r != null ? Optional.of(r) : Optional.ofNullable(queued.get(id));
    }

    public List<DeploymentRecord> inState(DeploymentState state) {
        return markers.values().stream().filter(r -> r.state() == state).toList();
    }

    public Path directory() {
        return dir;
    }
}
