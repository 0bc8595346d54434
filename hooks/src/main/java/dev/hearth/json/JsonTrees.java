package dev.hearth.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON trees read from Jackson's parser and written to its generator without an ObjectMapper. A short
 * command ({@code hearth status}, {@code hearth hook}) reads and writes only trees, and building the
 * mapper with its serializers and deserializers was a large part of its start (docs/INSTALL.md,
 * "Footprint"). The trees and the text are those of the mapper's {@code readTree} and
 * {@code writeValueAsString}; JsonTreesTest holds both to the mapper.
 */
final class JsonTrees {
    private JsonTrees() {}

    /**
     * The one value of a document: {@link MissingNode} for a document of only white space, an error
     * naming the place of anything after the value.
     */
    static JsonNode read(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) return MissingNode.getInstance();
        JsonNode value = first.isStructStart() ? container(p, first) : scalar(p, first);
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            // The mapper's own words (FAIL_ON_TRAILING_TOKENS), so that the message is the same either way.
            throw MismatchedInputException.from(
                    p,
                    JsonNode.class,
                    "Trailing token (of type " + trailing + ") found after value (bound as `"
                            + JsonNode.class.getName()
                            + "`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
        }
        return value;
    }

    /** Without recursion: the parser bounds the depth (StreamReadConstraints), not the thread's stack. */
    private static JsonNode container(JsonParser p, JsonToken first) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ContainerNode<?> root = first == JsonToken.START_OBJECT ? nodes.objectNode() : nodes.arrayNode();
        Deque<ContainerNode<?>> enclosing = new ArrayDeque<>();
        ContainerNode<?> current = root;
        while (true) {
            JsonToken t = p.nextToken();
            String name = null;
            if (t == JsonToken.FIELD_NAME) {
                name = p.currentName();
                t = p.nextToken();
            }
            if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                if (enclosing.isEmpty()) return root;
                current = enclosing.pop();
                continue;
            }
            JsonNode value;
            if (t == JsonToken.START_OBJECT) value = nodes.objectNode();
            else if (t == JsonToken.START_ARRAY) value = nodes.arrayNode();
            else value = scalar(p, t);
            if (current instanceof ObjectNode o) o.set(name, value);
            else ((ArrayNode) current).add(value);
            if (value instanceof ContainerNode<?> c) {
                enclosing.push(current);
                current = c;
            }
        }
    }

    private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (t) {
            case VALUE_STRING -> nodes.textNode(p.getText());
            case VALUE_NUMBER_INT ->
                switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> nodes.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            // A JSON text has no other value tokens.
            default -> throw new IllegalStateException("unexpected token " + t);
        };
    }

    /**
     * Writes {@code node} (Java's null as JSON's, as the mapper does); the node kinds a JSON text never
     * yields (binary, a wrapped object) go through {@code mapper}, built only then.
     */
    static void write(JsonGenerator g, JsonNode node, Supplier<com.fasterxml.jackson.databind.ObjectMapper> mapper)
            throws IOException {
        if (node == null) {
            g.writeNull();
            return;
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue(), mapper);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) write(g, element, mapper);
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            default -> mapper.get().writeTree(g, node);
        }
    }
}
