package dev.hearth.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The one YAML reader of Hearth: every YAML document (agent.yaml, role files, docker-cmd configs,
 * json-file and puppet_config texts, config_data labels) is read here into Jackson nodes.
 *
 * <p>It reads YAML as YAML: anchors and aliases give the anchored value, merge keys ({@code <<: *a},
 * {@code <<: [*a, *b]}) merge as the YAML 1.1 merge type defines (keys of the mapping itself win, then
 * the earlier merged mapping). Scalars are typed as {@link Yaml11Scalars} says. A document that
 * would expand through aliases beyond {@link #MAX_EXPANDED_NODES} nodes (a "billion laughs"), that
 * nests deeper than {@link #MAX_DEPTH}, or whose alias refers to a collection containing it is
 * refused, naming the alias. Errors name line, column and the problem, never the content.
 */
public final class Yaml {
    /** Collections reached through aliases, counted by SnakeYAML Engine while composing. */
    public static final int MAX_COLLECTION_ALIASES = 100;
    /** Values produced by expanding aliases, over the whole document. */
    public static final int MAX_EXPANDED_NODES = 100_000;

    public static final int MAX_DEPTH = 200;
    public static final int MAX_CODE_POINTS = 16 * 1024 * 1024;

    /** What a mapping does with a key given twice (merge keys never count as a repetition). */
    public enum Keys {
        /** The last one wins, as PyYAML and Jackson read it. */
        LAST_WINS,
        /** Refused, naming the key and its line: for files an operator writes, where a second section silently drops the first. */
        UNIQUE
    }

    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setLabel("yaml")
            .setSchema(new Yaml11Scalars())
            .setAllowDuplicateKeys(true)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
            .setCodePointLimit(MAX_CODE_POINTS)
            .setUseMarks(true)
            .build();

    private Yaml() {}

    /** One document; last key wins. Empty text (or only comments) is {@code null} as a {@link NullNode}. */
    public static JsonNode read(String text) {
        return read(text, Keys.LAST_WINS);
    }

    /**
     * Reads one YAML document.
     *
     * @throws DocumentException naming line, column (and path, when the problem is a value) and the
     *                           problem, never quoting the document
     */
    public static JsonNode read(String text, Keys keys) {
        checkDepth(text);
        Optional<Node> root;
        try {
            root = new Compose(SETTINGS).composeString(text);
        } catch (MarkedYamlEngineException e) {
            throw problem(e);
        } catch (YamlEngineException e) {
            throw unmarked(e);
        }
        if (root.isEmpty()) return NullNode.getInstance();
        return new Converter(keys).value(root.get(), "$");
    }

    /** The parser walks events without recursion, so depth is checked before composing recurses. */
    private static void checkDepth(String text) {
        int depth = 0;
        try {
            for (Event e : new Parse(SETTINGS).parseString(text)) {
                switch (e.getEventId()) {
                    case MappingStart, SequenceStart -> {
                        if (++depth > MAX_DEPTH) {
                            Mark m = e.getStartMark().orElse(null);
                            throw new DocumentException(
                                    m == null ? 0 : m.getLine() + 1,
                                    m == null ? 0 : m.getColumn() + 1,
                                    null,
                                    "nested deeper than " + MAX_DEPTH + " levels");
                        }
                    }
                    case MappingEnd, SequenceEnd -> depth--;
                    default -> {}
                }
            }
        } catch (MarkedYamlEngineException e) {
            throw problem(e);
        } catch (YamlEngineException e) {
            throw unmarked(e);
        }
    }

    /**
     * SnakeYAML's message draws the offending line with a caret under it; only the sentences are
     * kept, with the position of the problem (or of its context when the problem has none).
     */
    private static DocumentException problem(MarkedYamlEngineException e) {
        Mark at = e.getProblemMark().or(e::getContextMark).orElse(null);
        StringBuilder what = new StringBuilder();
        if (e.getContext() != null && !e.getContext().isBlank()) {
            what.append(firstLine(e.getContext()));
            e.getContextMark()
                    .filter(c -> c != at)
                    .ifPresent(c -> what.append(" (line ")
                            .append(c.getLine() + 1)
                            .append(", column ")
                            .append(c.getColumn() + 1)
                            .append(')'));
            what.append(": ");
        }
        what.append(firstLine(e.getProblem() == null ? "not valid YAML" : e.getProblem()));
        return new DocumentException(
                at == null ? 0 : at.getLine() + 1,
                at == null ? 0 : at.getColumn() + 1,
                null,
                quoteless(what.toString()));
    }

    private static DocumentException unmarked(YamlEngineException e) {
        String what = e instanceof org.snakeyaml.engine.v2.exceptions.YamlVersionException
                ? "unsupported %YAML version (1.x is read)"
                : quoteless(firstLine(e.getMessage()));
        return new DocumentException(0, 0, null, what);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /**
     * SnakeYAML names one offending character ("found character '\t' that cannot start any token");
     * anything longer in quotes is input and is dropped.
     */
    private static String quoteless(String s) {
        return s.replaceAll("'[^'\\n]{2,}'|\"[^\"\\n]{2,}\"", "(not shown)");
    }

    /** Node graph → Jackson tree, expanding aliases within the budget and applying merge keys. */
    private static final class Converter {
        private final Keys keys;
        private final IdentityHashMap<Node, Boolean> inProgress = new IdentityHashMap<>();
        /** Each node converted once; an alias gets a copy, so callers may change one without the other. */
        private final IdentityHashMap<Node, JsonNode> converted = new IdentityHashMap<>();

        private long expanded;

        Converter(Keys keys) {
            this.keys = keys;
        }

        JsonNode value(Node node, String path) {
            if (inProgress.containsKey(node)) {
                throw at(node, path, "alias " + alias(node) + " refers to a collection that contains it");
            }
            JsonNode done = converted.get(node);
            if (done != null) {
                if (!done.isContainerNode()) return done;
                expanded += size(done);
                if (expanded > MAX_EXPANDED_NODES) {
                    throw at(
                            node,
                            path,
                            "alias " + alias(node) + " expands the document beyond " + MAX_EXPANDED_NODES
                                    + " values (aliases of aliases multiply)");
                }
                return done.deepCopy();
            }
            inProgress.put(node, Boolean.TRUE);
            JsonNode result = switch (node) {
                case ScalarNode s -> scalar(s, path);
                case SequenceNode q -> sequence(q, path);
                case MappingNode m -> mapping(m, path);
                default -> throw at(node, path, "unsupported YAML node");
            };
            inProgress.remove(node);
            if (node.getAnchor().isPresent()) converted.put(node, result);
            return result;
        }

        private static long size(JsonNode n) {
            long s = 1;
            for (JsonNode child : n) s += size(child);
            return s;
        }

        private JsonNode scalar(ScalarNode s, String path) {
            try {
                return Yaml11Scalars.value(s);
            } catch (IllegalArgumentException e) {
                throw at(s, path, e.getMessage());
            }
        }

        private ArrayNode sequence(SequenceNode q, String path) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(q.getValue().size());
            List<Node> items = q.getValue();
            for (int i = 0; i < items.size(); i++) out.add(value(items.get(i), path + "[" + i + "]"));
            return out;
        }

        private ObjectNode mapping(MappingNode m, String path) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            List<NodeTuple> own = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                if (isMergeKey(t.getKeyNode())) merge(out, t.getKeyNode(), t.getValueNode(), path);
                else own.add(t);
            }
            Set<String> given = keys == Keys.UNIQUE ? new java.util.HashSet<>() : Collections.emptySet();
            for (NodeTuple t : own) {
                String key = key(t.getKeyNode(), path);
                if (keys == Keys.UNIQUE && !given.add(key)) {
                    throw at(t.getKeyNode(), path, "key '" + key + "' is given twice in this mapping");
                }
                out.set(key, value(t.getValueNode(), path + "." + key));
            }
            return out;
        }

        /**
         * {@code <<: *a} or {@code <<: [*a, *b]}: keys not set yet are added, the earlier source first,
         * and the mapping's own keys (set afterwards) override them.
         */
        private void merge(ObjectNode out, Node key, Node source, String path) {
            List<Node> sources = source instanceof SequenceNode q ? q.getValue() : List.of(source);
            for (int i = sources.size() - 1; i >= 0; i--) {
                Node s = sources.get(i);
                JsonNode merged = value(s, path + ".<<");
                if (!(merged instanceof ObjectNode o)) {
                    throw at(
                            key,
                            path,
                            "a merge key (<<) takes a mapping or a list of mappings"
                                    + (s.getAnchor().isPresent() ? ", not what " + alias(s) + " names" : ""));
                }
                out.setAll(o);
            }
        }

        private static boolean isMergeKey(Node key) {
            // Resolved here rather than by the composer, whose own merging does not keep key order.
            return key instanceof ScalarNode s
                    && (Tag.MERGE.equals(s.getTag())
                            || (s.isPlain()
                                    && Tag.STR.equals(s.getTag())
                                    && s.getValue().equals("<<")));
        }

        private String key(Node key, String path) {
            if (!(key instanceof ScalarNode s)) throw at(key, path, "a mapping key must be a scalar");
            JsonNode v = scalar(s, path);
            return v.isNull() ? "null" : v.asText();
        }

        private static String alias(Node node) {
            return node.getAnchor().map(a -> "*" + a.getValue()).orElse("(anonymous)");
        }

        private static DocumentException at(Node node, String path, String problem) {
            Mark m = node.getStartMark().orElse(null);
            return new DocumentException(
                    m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, path, problem);
        }
    }
}
