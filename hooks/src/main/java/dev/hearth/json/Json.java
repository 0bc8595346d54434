package dev.hearth.json;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON and YAML mappers every part of Hearth uses. Object key order is preserved (never
 * sorted) because docker-cmd start_order ties and hook responses depend on it.
 *
 * <p>Documents carry credentials, so a parse error never quotes them: the mapper's parsers keep no
 * source and no token text in their messages, and {@link #parse} / {@link #problem} give a message of
 * line, column, path and what was expected. YAML is read by {@link Yaml}, never by {@link #yaml()},
 * which only writes.
 */
public final class Json {
    /**
     * The streaming side: {@link #parse} and {@link #write} read and write trees with it alone
     * ({@link JsonTrees}); the mapper, for binding records, is built on first use.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .errorReportConfiguration(ErrorReportConfiguration.builder()
                    .maxErrorTokenLength(0)
                    .maxRawContentLength(0)
                    .build())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Built on first use: a short command that only reads and writes trees never needs it. */
    private static final class Mapper {
        static final JsonMapper MAPPER = JsonMapper.builder(FACTORY.copy())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Built on first use: most commands never write YAML, and a short command pays for every mapper it builds. */
    private static final class YamlWriter {
        static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory()).build();
    }

    private Json() {}

    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    /** For writing YAML. Reading goes through {@link Yaml}, which resolves anchors and merge keys. */
    public static ObjectMapper yaml() {
        return YamlWriter.YAML;
    }

    public static JsonNodeFactory nodes() {
        return JsonNodeFactory.instance;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Parses one JSON value.
     *
     * @throws DocumentException (an {@link UncheckedIOException}) naming line, column and path when
     *                           {@code text} is not one JSON value
     */
    public static JsonNode parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            return JsonTrees.read(p);
        } catch (JsonProcessingException e) {
            throw problem(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same as {@link #parse(String)} for bytes (UTF-8 or as the document says). */
    public static JsonNode parse(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return JsonTrees.read(p);
        } catch (JsonProcessingException e) {
            throw problem(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the parser stopped at its token count limit, the one that bounds a document's tree;
     * its other limits (nesting depth, string, number and key lengths) are problems of the document's
     * shape, reported as such ({@link #problem}).
     */
    public static boolean isTokenCountLimit(StreamConstraintsException e) {
        String m = e.getOriginalMessage();
        return m != null && m.contains("getMaxTokenCount");
    }

    /** A message for a JSON problem that names where and what, and quotes nothing of the input. */
    public static DocumentException problem(JsonProcessingException e) {
        return JsonProblems.describe(e);
    }

    public static String write(JsonNode node) {
        return write(node, false);
    }

    public static String writePretty(JsonNode node) {
        return write(node, true);
    }

    private static String write(JsonNode node, boolean pretty) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            if (pretty) g.setPrettyPrinter(new DefaultPrettyPrinter());
            JsonTrees.write(g, node, Json::mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Text of a scalar node the way a shell environment wants it; maps and lists as JSON. */
    public static String asText(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return "";
        if (value.isTextual()) return value.textValue();
        if (value.isContainerNode()) return write(value);
        return value.asText();
    }
}
