package dev.hearth.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.CollectorSettings;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.json.Json;
import dev.hearth.net.ControlPlaneException;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.net.HttpCall;
import dev.hearth.net.HttpResult;
import dev.hearth.net.Keystone;
import dev.hearth.net.PathSegments;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata that Heat posts to the node's Zaqar queue ({@code ZAQAR_MESSAGE}). Each poll drains the
 * queue with v2 pops ({@code DELETE <messaging>/v2/queues/<q>/messages?pop=20} until a short answer)
 * and keeps the newest message's body, every message being a whole document. Newest is decided by each
 * message's {@code age}, not by its place in the answer: Zaqar's order is soft, and its Swift store
 * lists messages by a name that puts a newer message first once in a while
 * (docs/heat-protocol.md#each-collector). The ages of one answer count from one moment and are compared
 * as they are; those of different answers (the next pop, the next poll) each carry their answer's
 * travel time, so there a message loses only when it was posted clearly ({@link #LATE_SLACK}) before.
 * An empty queue means unchanged: the last document is returned. The last document is kept in
 * {@code stateFile} (0600: it holds credentials) so that a restarted agent still has it.
 */
public final class ZaqarCollector implements Collector {
    private static final Logger LOG = LoggerFactory.getLogger(ZaqarCollector.class);
    public static final String NAME = "zaqar";
    static final int POP_LIMIT = 20;
    private static final int MAX_POPS = 50;
    /**
     * How much earlier than the document already chosen a message of a later answer must look to lose to
     * it: ages of some stores are whole seconds, and each answer's travel time blurs them.
     */
    static final Duration LATE_SLACK = Duration.ofSeconds(2);

    private final CollectorSettings.Zaqar settings;
    private final Keystone keystone;
    private final Path stateFile;
    private final Clock clock;
    private final String clientId = UUID.randomUUID().toString();
    private JsonNode last;
    /** The message {@link #last} came from in this process; null after a restart. */
    private Popped lastPopped;

    /** A message's body and when it was posted, as its answer's arrival less its age (null without an age). */
    private record Popped(ObjectNode body, Instant posted) {
        /** Within one answer. */
        boolean olderThan(Popped other) {
            return posted != null && other.posted != null && posted.isBefore(other.posted);
        }

        /** Across answers. */
        boolean postedWellBefore(Popped other) {
            return posted != null && other.posted != null && posted.isBefore(other.posted.minus(LATE_SLACK));
        }
    }

    /** @param stateFile where the last document is kept across restarts; null to keep it in memory only */
    public ZaqarCollector(
            CollectorSettings.Zaqar settings,
            ControlPlaneHttp http,
            MeterRegistry registry,
            Clock clock,
            Path stateFile) {
        this.settings = settings;
        this.keystone = CollectorRequests.keystone(settings, http, registry, NAME, clock);
        this.stateFile = stateFile;
        this.clock = clock;
        this.last = load(stateFile);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized Optional<JsonNode> collect() throws CollectorException, InterruptedException {
        if (!keystone.credentials().complete() || !HeatCollector.notBlank(settings.queueId())) return Optional.empty();
        String path = "/v2/queues/" + PathSegments.encode(settings.queueId().trim()) + "/messages?pop=" + POP_LIMIT;
        Popped newest = null;
        for (int i = 0; i < MAX_POPS; i++) {
            HttpResult r;
            try {
                r = keystone.call(
                        "messaging",
                        (endpoint, token) -> HttpCall.of("DELETE", URI.create(endpoint + path), settings.timeout())
                                .header("Accept", "application/json")
                                .header("Client-ID", clientId)
                                .header("X-Project-Id", settings.projectId()));
            } catch (ControlPlaneException e) {
                throw new CollectorException("zaqar: " + e.getMessage(), e);
            }
            Instant received = clock.instant();
            if (r.status() == 204) break;
            if (r.status() != 200) throw new CollectorException("zaqar: HTTP " + r.status() + " from DELETE " + path);
            JsonNode messages;
            try {
                messages = r.json().path("messages");
            } catch (IOException e) {
                throw new CollectorException("zaqar: DELETE " + path + ": " + e.getMessage());
            }
            Popped inAnswer = null;
            for (JsonNode m : messages) {
                if (!(m.get("body") instanceof ObjectNode body)) {
                    LOG.warn("zaqar: a message of queue {} has no JSON object body, ignored", settings.queueId());
                    continue;
                }
                Popped p = new Popped(body, posted(m, received));
                // Equal ages: the later in the answer is taken as the newer.
                if (inAnswer == null || !p.olderThan(inAnswer)) inAnswer = p;
            }
            if (inAnswer != null && (newest == null || !inAnswer.postedWellBefore(newest))) newest = inAnswer;
            if (messages.size() < POP_LIMIT) break;
        }
        if (newest != null) keep(newest);
        if (last == null)
            throw new CollectorException(
                    "zaqar: queue " + settings.queueId() + " is empty and no metadata was received yet");
        return Optional.of(last);
    }

    private void keep(Popped newest) {
        if (lastPopped != null && newest.postedWellBefore(lastPopped)) {
            LOG.info(
                    "zaqar: a message of queue {} posted before the metadata already received came late, ignored",
                    settings.queueId());
            return;
        }
        last = newest.body();
        lastPopped = newest;
        save(newest.body());
    }

    /** {@code received} less the message's {@code age} (seconds, a fraction with some stores); null without one. */
    private static Instant posted(JsonNode message, Instant received) {
        JsonNode age = message.get("age");
        if (age == null || !age.isNumber() || age.doubleValue() < 0 || age.doubleValue() > 1e9) return null;
        return received.minusNanos(Math.round(age.doubleValue() * 1e9));
    }

    private void save(JsonNode doc) {
        if (stateFile == null) return;
        try {
            AtomicFiles.ensureDirectory(stateFile.toAbsolutePath().getParent(), AtomicFiles.DIR_0700);
            AtomicFiles.write(stateFile, Json.write(doc), AtomicFiles.FILE_0600);
        } catch (IOException e) {
            LOG.warn("zaqar: cannot keep the last metadata in {}: {}", stateFile, e.getMessage());
        }
    }

    private static JsonNode load(Path file) {
        if (file == null || !Files.isRegularFile(file)) return null;
        try {
            return Json.mapper().readTree(Files.readAllBytes(file)) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            LOG.warn("zaqar: ignoring unreadable {}", file);
            return null;
        }
    }
}
