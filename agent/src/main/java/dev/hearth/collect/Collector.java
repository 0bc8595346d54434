package dev.hearth.collect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One metadata source (docs/heat-protocol.md#each-collector). A collector instance lives as long as the agent so
 * that it can keep tokens, ETags and Last-Modified values across polls.
 */
public interface Collector {
    /** The name used in agent.yaml's {@code collectors} list and in metrics. */
    String name();

    /**
     * This collector's metadata document.
     *
     * @return the metadata document, or empty when the source is not configured (skipped quietly)
     * @throws CollectorException when the source is configured but unavailable (reported, others go on)
     */
    Optional<JsonNode> collect() throws CollectorException, InterruptedException;
}
