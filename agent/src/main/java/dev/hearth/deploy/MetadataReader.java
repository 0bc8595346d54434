package dev.hearth.deploy;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.AgentConfig;
import dev.hearth.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/**
 * Reads a metadata document within {@link AgentConfig.Limits}: the parser stops at
 * {@code limits.max_json_tokens} tokens, so a document's tree never outgrows the heap whatever its
 * shape, and {@link #checkDeployments} refuses more than {@code limits.max_deployments} deployments
 * before any of them is validated or queued. Objects are built with small hash tables: most objects
 * of a metadata document (inputs, outputs) have two to four keys, and the default table of sixteen
 * slots made up a third of a large document's tree.
 */
public final class MetadataReader {
    private static final int SMALL_OBJECT = 4;

    private final AgentConfig.Limits limits;
    private final ObjectMapper mapper;

    public MetadataReader(AgentConfig.Limits limits) {
        this.limits = limits;
        ObjectMapper m = Json.mapper().copy();
        m.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxTokenCount(limits.maxJsonTokens())
                        .build());
        m.setNodeFactory(new CompactNodes());
        this.mapper = m;
    }

    public static MetadataReader defaults() {
        return new MetadataReader(AgentConfig.Limits.defaults());
    }

    public AgentConfig.Limits limits() {
        return limits;
    }

    /**
     * The document's tree; malformed JSON, or JSON nested deeper than the parser allows, throws the
     * parser's exception (with its location).
     *
     * @throws MetadataTooLargeException over {@code limits.max_json_tokens} or {@code limits.max_deployments}
     */
    public JsonNode read(byte[] json) throws IOException {
        try {
            return checkDeployments(mapper.readTree(json));
        } catch (StreamConstraintsException e) {
            if (Json.isTokenCountLimit(e)) throw tooManyTokens();
            throw e;
        }
    }

    public JsonNode read(InputStream json) throws IOException {
        try {
            return checkDeployments(mapper.readTree(json));
        } catch (StreamConstraintsException e) {
            if (Json.isTokenCountLimit(e)) throw tooManyTokens();
            throw e;
        }
    }

    public JsonNode read(String json) throws IOException {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The document itself, when its list of deployments is within {@code limits.max_deployments}. */
    public JsonNode checkDeployments(JsonNode doc) {
        JsonNode list = doc != null && doc.isObject() ? doc.get("deployments") : doc;
        if (list != null && list.isArray() && list.size() > limits.maxDeployments()) {
            throw new MetadataTooLargeException(
                    "limits.max_deployments",
                    "the document has " + list.size() + " deployments, more than limits.max_deployments ("
                            + limits.maxDeployments() + ")");
        }
        return doc;
    }

    private MetadataTooLargeException tooManyTokens() {
        return new MetadataTooLargeException(
                "limits.max_json_tokens",
                "the document has more than " + limits.maxJsonTokens() + " JSON tokens (limits.max_json_tokens)");
    }

    private static final class CompactNodes extends JsonNodeFactory {
        CompactNodes() {
            super(false);
        }

        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new LinkedHashMap<>(SMALL_OBJECT));
        }
    }
}
