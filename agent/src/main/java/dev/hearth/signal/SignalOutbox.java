package dev.hearth.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.hook.Deployment;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable signal outbox, {@code <state_dir>/outbox/} (0700): one file per deployment id (0600, it
 * holds credentials), every change written atomically. The dispatcher {@link #arm}s a deployment before
 * its hook runs and {@link #complete}s it with the hook's response; the {@link Signaler} delivers ready
 * envelopes and deletes them after a 2xx. Envelopes given up move to {@code outbox/given_up/} for the
 * operator and are never tried again. Thread-safe; the files are the truth across restarts.
 */
public final class SignalOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(SignalOutbox.class);
    /** The deployment inputs an envelope keeps: everything any transport needs. */
    public static final List<String> PARAMS = List.of(
            "deploy_signal_id",
            "deploy_signal_verb",
            "deploy_auth_url",
            "deploy_user_id",
            "deploy_username",
            "deploy_password",
            "deploy_project_id",
            "deploy_region_name",
            "deploy_stack_id",
            "deploy_resource_name",
            "deploy_queue_id");

    public static final Set<String> TRANSPORTS = Set.of(
            CfnSignalTransport.NAME, TempUrlSignalTransport.NAME, HeatSignalTransport.NAME, ZaqarSignalTransport.NAME);
    public static final String NO_SIGNAL = "NO_SIGNAL";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,150}");
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final Path givenUpDir;
    private final Clock clock;
    private final Map<String, SignalEnvelope> pending = new LinkedHashMap<>();
    private final Map<String, SignalEnvelope> givenUp = new LinkedHashMap<>();

    /** Opens (creating if needed) {@code <stateDir>/outbox} and loads the envelopes found there. */
    public SignalOutbox(Path stateDir, Clock clock) throws IOException {
        this.dir = AtomicFiles.ensureDirectory(stateDir.resolve("outbox"), AtomicFiles.DIR_0700);
        this.givenUpDir = dir.resolve("given_up");
        this.clock = clock;
        load(dir, pending);
        if (Files.isDirectory(givenUpDir)) load(givenUpDir, givenUp);
    }

    public Path directory() {
        return dir;
    }

    /**
     * Persists how this deployment will signal, before its hook runs. NO_SIGNAL (or an unknown
     * transport, logged) writes nothing and returns empty.
     */
    public synchronized Optional<SignalEnvelope> arm(Deployment d) throws IOException {
        String transport = d.signalTransport();
        if (NO_SIGNAL.equals(transport)) return Optional.empty();
        if (!TRANSPORTS.contains(transport)) {
            LOG.warn(
                    "deployment {} ({}): unknown signal transport {}, it will not be signalled",
                    d.id(),
                    d.name(),
                    transport);
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : PARAMS) d.input(p).ifPresent(v -> params.put(p, v));
        SignalEnvelope e = new SignalEnvelope(
                d.id(),
                d.name(),
                transport,
                params,
                SignalState.ARMED,
                clock.instant(),
                null,
                null,
                0,
                null,
                null,
                null);
        write(e);
        if (givenUp.remove(d.id()) != null) AtomicFiles.deleteDurably(file(givenUpDir, d.id()));
        return Optional.of(e);
    }

    /**
     * The hook has answered: the envelope becomes ready with {@code payload}. Empty when the deployment
     * was not armed (NO_SIGNAL).
     */
    public synchronized Optional<SignalEnvelope> complete(String deploymentId, ObjectNode payload) throws IOException {
        SignalEnvelope e = pending.get(deploymentId);
        if (e == null) return Optional.empty();
        if (e.state() == SignalState.READY)
            LOG.warn("deployment {}: completed twice, the new response replaces the old", deploymentId);
        SignalEnvelope ready = e.ready(payload, clock.instant());
        write(ready);
        return Optional.of(ready);
    }

    /** Forgets a deployment's signal (pending or given up); true if there was one. */
    public synchronized boolean discard(String deploymentId) throws IOException {
        boolean had = pending.remove(deploymentId) != null;
        AtomicFiles.deleteDurably(file(dir, deploymentId));
        if (givenUp.remove(deploymentId) != null) {
            had = true;
            AtomicFiles.deleteDurably(file(givenUpDir, deploymentId));
        }
        return had;
    }

    /** A pending or given-up envelope. */
    public synchronized Optional<SignalEnvelope> get(String deploymentId) {
        SignalEnvelope e = pending.get(deploymentId);
        return Optional.ofNullable(e != null ? e : givenUp.get(deploymentId));
    }

    /** Armed and ready envelopes, oldest first. */
    public synchronized List<SignalEnvelope> all() {
        List<SignalEnvelope> out = new ArrayList<>(pending.values());
        out.sort(Comparator.comparing(SignalEnvelope::armedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    /** Ready envelopes, oldest first. */
    public synchronized List<SignalEnvelope> ready() {
        return all().stream().filter(e -> e.state() == SignalState.READY).toList();
    }

    public synchronized List<SignalEnvelope> givenUp() {
        return List.copyOf(givenUp.values());
    }

    /** Armed plus ready envelopes. */
    public synchronized int size() {
        return pending.size();
    }

    /** Records a failed attempt; ignored when the envelope has gone meanwhile (discarded). */
    synchronized Optional<SignalEnvelope> recordFailure(String deploymentId, String error, java.time.Instant next)
            throws IOException {
        SignalEnvelope e = pending.get(deploymentId);
        if (e == null || e.state() != SignalState.READY) return Optional.empty();
        SignalEnvelope updated = e.failedAttempt(error, next);
        write(updated);
        return Optional.of(updated);
    }

    /** Delivered: the envelope is deleted durably. */
    synchronized void delivered(String deploymentId) throws IOException {
        pending.remove(deploymentId);
        AtomicFiles.deleteDurably(file(dir, deploymentId));
    }

    /** Moves the envelope to {@code given_up/} with the reason; it is not tried again. */
    synchronized Optional<SignalEnvelope> giveUp(String deploymentId, String reason, int attempts) throws IOException {
        SignalEnvelope e = pending.get(deploymentId);
        if (e == null) return Optional.empty();
        SignalEnvelope g = e.givenUp(reason, clock.instant(), attempts);
        AtomicFiles.ensureDirectory(givenUpDir, AtomicFiles.DIR_0700);
        AtomicFiles.write(file(givenUpDir, deploymentId), Json.writePretty(g.toJson()), AtomicFiles.FILE_0600);
        pending.remove(deploymentId);
        AtomicFiles.deleteDurably(file(dir, deploymentId));
        givenUp.put(deploymentId, g);
        return Optional.of(g);
    }

    private void write(SignalEnvelope e) throws IOException {
        AtomicFiles.write(file(dir, e.deploymentId()), Json.writePretty(e.toJson()), AtomicFiles.FILE_0600);
        pending.put(e.deploymentId(), e);
    }

    /** {@code <id>.json}, or a digest of the id when it is not a safe file name. */
    static Path file(Path dir, String deploymentId) {
        String name = SAFE_ID.matcher(deploymentId).matches() ? deploymentId : "id-" + digest(deploymentId);
        return dir.resolve(name + SUFFIX);
    }

    private static String digest(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void load(Path from, Map<String, SignalEnvelope> into) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(from)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        for (Path f : files) {
            try {
                SignalEnvelope e = SignalEnvelope.fromJson(Json.parse(Files.readAllBytes(f)));
                if (e.deploymentId() == null || e.transport() == null) throw new IOException("incomplete envelope");
                into.put(e.deploymentId(), e);
            } catch (DocumentException ex) {
                // An envelope holds credentials (signal URLs, passwords): the message names a position only.
                LOG.warn("signal outbox: ignoring unreadable {}: {}", f, ex.getMessage());
            } catch (IOException | RuntimeException ex) {
                LOG.warn(
                        "signal outbox: ignoring unreadable {}: not a signal envelope ({})",
                        f,
                        ex instanceof IOException
                                ? ex.getMessage()
                                : ex.getClass().getSimpleName());
            }
        }
    }
}
