package dev.hearth.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.AgentConfig;
import dev.hearth.json.Json;
import dev.hearth.metrics.Meters;
import dev.hearth.net.ControlPlaneClients;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.secret.Secrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of every configured collector, in order, and the merge of their documents the way
 * os-collect-config + os-apply-config see them (docs/heat-protocol.md#explosion-and-merge): each document, and after
 * the documents of {@code cfn}, {@code heat}, {@code request} and {@code zaqar} the {@code config} maps of
 * their {@code os-apply-config}/{@code Heat::Ungrouped} deployments, deep-merged in that order (maps
 * merged, later wins, lists replaced).
 *
 * <p>A failing collector is logged (a warning when it starts failing, then debug until it recovers)
 * and metered; the others go on. Unlike os-collect-config, the last document of a collector that is
 * unavailable this time stays in the merge, so an outage of one source does not make the merged
 * document lose that source's deployments. Instances keep state (tokens, ETags, last documents):
 * create one for the agent's life. Not thread-safe: one poll at a time.
 */
public final class MetadataCollection {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataCollection.class);
    /** Collectors whose deployments are exploded (os-collect-config's merger is used by these only). */
    public static final Set<String> EXPLODING =
            Set.of(CfnCollector.NAME, HeatCollector.NAME, RequestCollector.NAME, ZaqarCollector.NAME);

    /** What became of one collector in one poll. */
    public enum Outcome {
        CHANGED,
        UNCHANGED,
        UNAVAILABLE,
        NOT_CONFIGURED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What one collector answered in one poll.
     *
     * @param document this poll's document; for UNAVAILABLE the last one seen (null if none)
     * @param error    why it is unavailable, secrets masked
     */
    public record CollectorResult(String collector, Outcome outcome, JsonNode document, String error) {}

    /**
     * One poll: the merged document and each collector's answer.
     *
     * @param merged  the merged document (a fresh copy, free to modify)
     * @param results one per collector, in configuration order
     */
    public record Result(ObjectNode merged, List<CollectorResult> results) {
        /** True when some collector's document differs from its previous one. */
        public boolean changed() {
            return results.stream().anyMatch(r -> r.outcome() == Outcome.CHANGED);
        }

        /** True when at least one configured collector answered. */
        public boolean anyAnswered() {
            return results.stream().anyMatch(r -> r.outcome() == Outcome.CHANGED || r.outcome() == Outcome.UNCHANGED);
        }

        public Map<String, String> failures() {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            for (CollectorResult r : results) if (r.outcome() == Outcome.UNAVAILABLE) out.put(r.collector(), r.error());
            return out;
        }
    }

    private final List<Collector> collectors;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, JsonNode> lastDocuments = new HashMap<>();
    private final Map<String, Boolean> failing = new HashMap<>();
    private final AtomicLong lastSuccess = new AtomicLong();

    public MetadataCollection(List<Collector> collectors, MeterRegistry registry, Clock clock) {
        this.collectors = List.copyOf(collectors);
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Unix time (seconds) of the last poll where a collector answered, 0 before that. The agent
     * publishes it as {@link Meters#LAST_SUCCESSFUL_POLL}; a collection is replaced on reload, the gauge is not.
     */
    public long lastSuccessfulPoll() {
        return lastSuccess.get();
    }

    /** The collectors named in {@code config.collectors()}, in that order, with one HTTP client between them. */
    public static MetadataCollection fromConfig(AgentConfig config, MeterRegistry registry, Clock clock) {
        return new MetadataCollection(collectors(config, ControlPlaneHttp.create(), registry, clock), registry, clock);
    }

    /**
     * Builds the configured collectors in order. A collector whose section names a {@code ca_certificate}
     * gets its own client trusting that CA; {@code zaqar} keeps its last document under {@code <state_dir>/collectors/}.
     *
     * @throws IllegalArgumentException for an unknown collector name
     */
    public static List<Collector> collectors(
            AgentConfig config, ControlPlaneHttp http, MeterRegistry registry, Clock clock) {
        List<Collector> out = new ArrayList<>();
        ControlPlaneClients clients = ControlPlaneClients.from(config, http);
        for (String name : config.collectors()) {
            out.add(
                    switch (name) {
                        case HeatLocalCollector.NAME -> new HeatLocalCollector(config.heatLocal());
                        case LocalCollector.NAME -> new LocalCollector(config.local());
                        case RequestCollector.NAME ->
                            new RequestCollector(config.request(), clients.request(), registry);
                        case HeatCollector.NAME -> new HeatCollector(config.heat(), clients.heat(), registry, clock);
                        case CfnCollector.NAME ->
                            new CfnCollector(config.cfn(), clients.cfn(), registry, CfnCollector.DEFAULT_METADATA_HINT);
                        case ZaqarCollector.NAME ->
                            new ZaqarCollector(
                                    config.zaqar(),
                                    clients.zaqar(),
                                    registry,
                                    clock,
                                    zaqarStateFile(config.stateDir()));
                        default ->
                            throw new IllegalArgumentException(
                                    "unknown collector '" + name + "'; known: " + AgentConfig.KNOWN_COLLECTORS);
                    });
        }
        return out;
    }

    public static Path zaqarStateFile(Path stateDir) {
        return stateDir.resolve("collectors").resolve("zaqar.json");
    }

    public List<Collector> collectors() {
        return collectors;
    }

    /** Polls every collector once and merges. */
    public Result collect() throws InterruptedException {
        List<CollectorResult> results = new ArrayList<>();
        ObjectNode merged = Json.object();
        for (Collector c : collectors) {
            CollectorResult r = poll(c);
            results.add(r);
            count(c.name(), r.outcome());
            if (r.document() instanceof ObjectNode doc) {
                MetadataMerge.deepMerge(merged, doc);
                if (EXPLODING.contains(c.name())) {
                    for (ObjectNode config : MetadataMerge.explodedConfigs(doc))
                        MetadataMerge.deepMerge(merged, config);
                }
            }
        }
        Result result = new Result(merged, List.copyOf(results));
        if (result.anyAnswered()) lastSuccess.set(clock.instant().getEpochSecond());
        return result;
    }

    private CollectorResult poll(Collector c) throws InterruptedException {
        String name = c.name();
        try {
            Optional<JsonNode> doc = c.collect();
            recovered(name);
            if (doc.isEmpty()) {
                lastDocuments.remove(name);
                return new CollectorResult(name, Outcome.NOT_CONFIGURED, null, null);
            }
            JsonNode previous = lastDocuments.put(name, doc.get());
            Outcome o = doc.get().equals(previous) ? Outcome.UNCHANGED : Outcome.CHANGED;
            return new CollectorResult(name, o, doc.get(), null);
        } catch (CollectorException | RuntimeException e) {
            String msg = Secrets.maskPatterns(
                    e instanceof CollectorException
                            ? e.getMessage()
                            : name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            if (!Boolean.TRUE.equals(failing.put(name, true))) LOG.warn("collector {} unavailable: {}", name, msg);
            else LOG.debug("collector {} still unavailable: {}", name, msg);
            return new CollectorResult(name, Outcome.UNAVAILABLE, lastDocuments.get(name), msg);
        }
    }

    private void recovered(String name) {
        if (Boolean.TRUE.equals(failing.remove(name))) LOG.info("collector {} available again", name);
    }

    private void count(String collector, Outcome outcome) {
        Counter.builder(Meters.COLLECTOR_POLLS)
                .tag("collector", collector)
                .tag("result", outcome.tag())
                .description("Collector polls by result")
                .register(registry)
                .increment();
    }
}
