package dev.hearth.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#parse} and {@link Json#write} go through {@link JsonTrees}, not a mapper. The oracle is the
 * mapper they used before, built as it was: the same tree (node kinds included), the same text, the same
 * error message for a broken document.
 */
class JsonTreesTest {
    static final ObjectMapper ORACLE = JsonMapper.builder(JsonFactory.builder()
                    .errorReportConfiguration(ErrorReportConfiguration.builder()
                            .maxErrorTokenLength(0)
                            .maxRawContentLength(0)
                            .build())
                    .build())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static final List<String> DOCUMENTS = List.of(
            "{}",
            "[]",
            "  {\"a\": 1}  \n",
            "\"just a string\"",
            "42",
            "true",
            "null",
            "[0, -0, 1, -1, 2147483647, 2147483648, -2147483648, -2147483649]",
            "[9223372036854775807, 9223372036854775808, -9223372036854775809, 123456789012345678901234567890]",
            "[1.5, -0.0, 1e2, 1E-2, 0.1, 1e400, -1e400, 1e-400, 123456789012345678901234567890.5, 4.9e-324]",
            "{\"s\": \"\\u00e9\\n\\t\\\"q\\\" \\ud83d\\ude00 \\u0000 /\\/\"}",
            "{\"nested\": {\"a\": [1, [2, [3, {\"b\": null}]]], \"c\": {}}, \"d\": [{}, [], \"\"]}",
            "{\"order\": {\"z\": 1, \"a\": 2, \"m\": 3}}",
            "[true, false, null, \"true\", \"null\"]");

    static final List<String> BROKEN = List.of(
            "",
            "   ",
            "{\"a\": 1} {\"b\": 2}",
            "[1] 2",
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": {\"k\": 1, \"k\": 2}}",
            "{\"a\": 1",
            "[1, 2",
            "{\"a\": \"unterminated}",
            "{\"a\": tru}",
            "{\"a\": secret-value}",
            "{\"a\": 01}",
            "{\"a\": NaN}",
            "{\"a\": \"bad \\q escape\"}",
            "{\"a\": \"raw \u0001 control\"}",
            "{a: 1}",
            "{\"a\" 1}",
            "[1,]",
            "{\"a\": 1,}",
            "]",
            "{\"a\": [1, 2}",
            "[" + "1".repeat(1200) + "]",
            "[".repeat(1100) + "]".repeat(1100),
            "{\"a\": \"x\"}\u0000");

    @Test
    void theSameTreeAndTextAsTheMapper() throws IOException {
        List<String> all = new ArrayList<>(DOCUMENTS);
        all.addAll(repositoryDocuments());
        Random random = new Random(20261206);
        for (int i = 0; i < 400; i++) all.add(ORACLE.writeValueAsString(randomValue(random, 0)));
        all.add("[".repeat(900) + "]".repeat(900));
        for (String doc : all) {
            JsonNode expected = ORACLE.readTree(doc);
            JsonNode actual = Json.parse(doc);
            assertSameTree(actual, expected, doc);
            assertSameTree(Json.parse(doc.getBytes(StandardCharsets.UTF_8)), expected, doc);
            assertThat(Json.write(actual)).as(doc).isEqualTo(ORACLE.writeValueAsString(expected));
            assertThat(Json.writePretty(actual))
                    .as(doc)
                    .isEqualTo(ORACLE.writerWithDefaultPrettyPrinter().writeValueAsString(expected));
        }
        assertThat(all).hasSizeGreaterThan(450);
    }

    @Test
    void nodesNoDocumentYieldsAreWrittenAsTheMapperWritesThem() throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode built = f.objectNode();
        built.set("float", f.numberNode(1.25f));
        built.set("short", f.numberNode((short) 7));
        built.set("decimal", f.numberNode(new BigDecimal("1E+3")));
        built.set("decimal2", f.numberNode(new BigDecimal("-0.000001234500")));
        built.set("big", f.numberNode(new BigInteger("-123456789012345678901234567890")));
        built.set("binary", f.binaryNode(new byte[] {0, 1, 2, (byte) 0xff}));
        built.set("pojo", f.pojoNode(Map.of("k", List.of(1, 2))));
        built.set("missing", f.missingNode());
        built.putArray("list").add(f.numberNode(Double.NaN)).add(f.numberNode(Double.POSITIVE_INFINITY));
        assertThat(Json.write(built)).isEqualTo(ORACLE.writeValueAsString(built));
        // Java's null, which callers hand over for an absent part (a deployment's options), as the mapper wrote it.
        assertThat(Json.write(null)).isEqualTo(ORACLE.writeValueAsString(null)).isEqualTo("null");
        assertThat(Json.writePretty(null))
                .isEqualTo(ORACLE.writerWithDefaultPrettyPrinter().writeValueAsString(null));
        assertThat(Json.writePretty(built))
                .isEqualTo(ORACLE.writerWithDefaultPrettyPrinter().writeValueAsString(built));
    }

    @Test
    void aBrokenDocumentGetsTheMessageTheMapperGave() {
        for (String doc : BROKEN) {
            String expected;
            try {
                JsonNode n = ORACLE.readTree(doc);
                // Empty text is no error for either: both give the missing node.
                assertThat(Json.parse(doc)).as(doc).isEqualTo(n);
                assertThat(n.isMissingNode()).as(doc).isTrue();
                continue;
            } catch (JsonProcessingException e) {
                expected = Json.problem(e).getMessage();
            }
            // The mapper itself, built on a copy of the streaming factory, still words them the same.
            Throwable fromMapper = catchThrowable(() -> Json.mapper().readTree(doc));
            assertThat(Json.problem((JsonProcessingException) fromMapper).getMessage())
                    .as(doc)
                    .isEqualTo(expected);
            Throwable actual = catchThrowable(() -> Json.parse(doc));
            assertThat(actual).as(doc).isInstanceOf(DocumentException.class);
            assertThat(actual.getMessage()).as(doc).isEqualTo(expected);
            // Bytes go through another parser of Jackson's, with its own wording here and there.
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            Throwable expectedFromBytes = catchThrowable(() -> ORACLE.readTree(bytes));
            Throwable fromBytes = catchThrowable(() -> Json.parse(bytes));
            assertThat(fromBytes).as(doc).isInstanceOf(DocumentException.class);
            assertThat(fromBytes.getMessage())
                    .as(doc)
                    .isEqualTo(Json.problem((JsonProcessingException) expectedFromBytes)
                            .getMessage());
        }
    }

    static void assertSameTree(JsonNode actual, JsonNode expected, String doc) {
        assertThat(actual).as(doc).isEqualTo(expected);
        assertThat(actual.getClass()).as(doc).isEqualTo(expected.getClass());
        if (expected.isObject()) {
            Iterator<String> a = actual.fieldNames();
            Iterator<String> e = expected.fieldNames();
            while (e.hasNext()) {
                String name = e.next();
                assertThat(a.next()).as(doc).isEqualTo(name);
                assertSameTree(actual.get(name), expected.get(name), doc);
            }
            assertThat(a.hasNext()).as(doc).isFalse();
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(doc).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) assertSameTree(actual.get(i), expected.get(i), doc);
        }
    }

    /** Every JSON file of the repository: metadata examples, Engine API requests, dashboards. */
    static List<String> repositoryDocuments() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        List<String> docs = new ArrayList<>();
        for (String dir : List.of("config", "hooks/src/test/resources", "agent/src/test/resources")) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.walk(d)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                    docs.add(Files.readString(f));
                }
            }
        }
        assertThat(docs).as("JSON files under config/ and the test resources").hasSizeGreaterThan(20);
        return docs;
    }

    static JsonNode randomValue(Random r, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int kind = depth > 5 ? r.nextInt(6) : r.nextInt(8);
        return switch (kind) {
            case 0 -> f.textNode(randomString(r));
            case 1 -> f.numberNode(r.nextInt());
            case 2 -> f.numberNode(r.nextLong());
            case 3 -> f.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 4 -> r.nextBoolean() ? f.booleanNode(r.nextBoolean()) : f.nullNode();
            case 5 -> f.numberNode(new BigInteger(100, r));
            case 6 -> {
                ObjectNode o = f.objectNode();
                for (int i = r.nextInt(5); i > 0; i--) o.set(randomString(r) + i, randomValue(r, depth + 1));
                yield o;
            }
            default -> {
                ArrayNode a = f.arrayNode();
                for (int i = r.nextInt(5); i > 0; i--) a.add(randomValue(r, depth + 1));
                yield a;
            }
        };
    }

    static String randomString(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            int pick = r.nextInt(10);
            if (pick == 0) s.append((char) r.nextInt(0x20));
            else if (pick == 1) s.appendCodePoint(0x1F600 + r.nextInt(50));
            else if (pick == 2) s.append((char) (0xA0 + r.nextInt(0x500)));
            else s.append((char) (' ' + r.nextInt(95)));
        }
        return s.toString();
    }
}
