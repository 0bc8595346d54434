package dev.hearth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.hearth.json.Yaml;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * agent.yaml's own binder against Jackson's data binding with the settings Hearth used for agent.yaml
 * before (snake_case keys, unknown keys refused, no coercion of scalars, durations as in
 * {@link Durations}): the same
 * records for what both accept, a refusal at the same key for what both refuse; and where they differ
 * on purpose (a fraction for a whole number), that.
 */
class ConfigBinderTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private final ConfigBinder binder = new ConfigBinder();
    private final ObjectMapper jackson = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new SimpleModule().addDeserializer(Duration.class, new JacksonDurations()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    @Test
    void everyKeyTheRecordsDefineIsDocumentedInTheShippedAgentYamlAndNoOther() throws IOException {
        JsonNode shipped = Yaml.read(Files.readString(REPO.resolve("config/agent.yaml")), Yaml.Keys.UNIQUE);
        Set<String> documented = new TreeSet<>();
        keys(shipped, "", documented);
        Set<String> defined = new TreeSet<>();
        keys(AgentConfig.class, "", defined);
        assertThat(defined).hasSizeGreaterThan(90);
        assertThat(documented).isEqualTo(defined);
    }

    @Test
    void theShippedConfigurationsBindAsJacksonBindsThem() throws IOException {
        for (Path file : List.of(REPO.resolve("config/agent.yaml"), REPO.resolve("config/examples/demo-agent.yaml"))) {
            JsonNode tree = Yaml.read(Files.readString(file), Yaml.Keys.UNIQUE);
            assertThat(binder.bind(tree, AgentConfig.class))
                    .as(file.toString())
                    .isEqualTo(jackson.treeToValue(tree, AgentConfig.class));
        }
    }

    @Test
    void aDocumentSettingEveryKeyBindsAsJacksonBindsIt() throws IOException {
        String yaml = everyKey(AgentConfig.class, "");
        JsonNode tree = Yaml.read(yaml, Yaml.Keys.UNIQUE);
        AgentConfig bound = binder.bind(tree, AgentConfig.class);
        assertThat(bound).isEqualTo(jackson.treeToValue(tree, AgentConfig.class));
        assertThat(bound).isNotEqualTo(AgentConfig.defaults());
    }

    @Test
    void eachKindOfValueIsTakenOrRefusedAsJacksonDoes() {
        List<String> keys = List.of(
                "http:\n  listen: %s", // String
                "state_dir: %s", // Path
                "polling:\n  min_interval: %s", // Duration
                "docker:\n  wait_healthy: %s", // Boolean
                "docker:\n  parallelism: %s", // Integer
                "limits:\n  max_json_tokens: %s", // Long
                "heat:\n  password: %s", // Secret
                "hooks_dirs: %s", // List<Path>
                "collectors: %s", // List<String>
                "node: %s"); // a section
        List<String> values = List.of(
                "text",
                "/var/lib/x",
                "'5'",
                "30s",
                "5",
                "-3",
                "12000000000",
                "1.5",
                "true",
                "no",
                "~",
                "''",
                "[a, b]",
                "[/a, '/b']",
                "[1, true]",
                "[]",
                "{a: 1}",
                "{}",
                "{name: n1, bootstrap: true}");
        List<String> ours = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (String key : keys) {
            for (String value : values) {
                String yaml = key.formatted(value);
                JsonNode tree = Yaml.read(yaml, Yaml.Keys.UNIQUE);
                String shown = yaml.replace("\n", " ") + " => ";
                ours.add(shown + outcome(() -> binder.bind(tree, AgentConfig.class)));
                // The one intended difference: Jackson cut a fraction to a whole number without a word.
                theirs.add(
                        value.equals("1.5") && (key.contains("parallelism") || key.contains("max_json_tokens"))
                                ? shown + "refused at "
                                        + (key.startsWith("docker") ? "docker.parallelism" : "limits.max_json_tokens")
                                : shown + outcome(() -> jackson.treeToValue(tree, AgentConfig.class)));
            }
        }
        assertThat(ours).hasSize(keys.size() * values.size()).isEqualTo(theirs);
    }

    @Test
    void anUnknownKeyIsNamedWithItsPath() {
        assertThatThrownBy(() ->
                        binder.bind(Yaml.read("polling:\n  min_intervall: 5", Yaml.Keys.UNIQUE), AgentConfig.class))
                .isInstanceOfSatisfying(ConfigBinder.BindingException.class, e -> {
                    assertThat(e.path()).isEqualTo("polling.min_intervall");
                    assertThat(e.unknownKey()).isTrue();
                });
        assertThatThrownBy(() ->
                        binder.bind(Yaml.read("json_file:\n  roots: [/a, 5]", Yaml.Keys.UNIQUE), AgentConfig.class))
                .isInstanceOfSatisfying(ConfigBinder.BindingException.class, e -> {
                    assertThat(e.path()).isEqualTo("json_file.roots[1]");
                    assertThat(e.getMessage()).isEqualTo("expected a path");
                });
    }

    @Test
    void aRefusedValueIsNeverQuoted() {
        for (String yaml : List.of(
                "polling:\n  min_interval: hunter2secret",
                "http:\n  listen: [hunter2secret]",
                "docker:\n  parallelism: hunter2secret",
                "heat:\n  password: [hunter2secret]")) {
            assertThatThrownBy(() -> new ConfigLoader().parse(yaml, "agent.yaml"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageNotContaining("hunter2secret")
                    .hasMessageStartingWith("agent.yaml: key '");
        }
    }

    /** A digest of the bound records, or "refused at PATH" (the paths of both binders in agent.yaml's form). */
    private static Object outcome(ThrowingSupplier s) {
        try {
            return "bound to " + Integer.toHexString(s.get().toString().hashCode());
        } catch (ConfigBinder.BindingException e) {
            return "refused at " + e.path();
        } catch (JsonMappingException e) {
            return "refused at "
                    + e.getPath().stream()
                            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                            .collect(Collectors.joining("."))
                            .replace(".[", "[");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private interface ThrowingSupplier {
        Object get() throws IOException;
    }

    private static void keys(JsonNode tree, String prefix, Set<String> into) {
        for (var field : tree.properties()) {
            into.add(prefix + field.getKey());
            if (field.getValue().isObject()) keys(field.getValue(), prefix + field.getKey() + ".", into);
        }
    }

    private static void keys(Class<?> record, String prefix, Set<String> into) {
        for (RecordComponent c : record.getRecordComponents()) {
            String key = ConfigBinder.snakeCase(c.getName());
            into.add(prefix + key);
            if (c.getType().isRecord() && c.getType() != dev.hearth.secret.Secret.class)
                keys(c.getType(), prefix + key + ".", into);
        }
    }

    /** YAML giving every key of {@code record} a value of its type that differs from the defaults. */
    private static String everyKey(Class<?> record, String indent) {
        StringBuilder s = new StringBuilder();
        for (RecordComponent c : record.getRecordComponents()) {
            String key = ConfigBinder.snakeCase(c.getName());
            Type type = c.getGenericType();
            if (type instanceof Class<?> k && k.isRecord() && k != dev.hearth.secret.Secret.class) {
                s.append(indent).append(key).append(":\n").append(everyKey(k, indent + "  "));
            } else {
                s.append(indent).append(key).append(": ").append(sample(type)).append('\n');
            }
        }
        return s.toString();
    }

    private static String sample(Type type) {
        if (type instanceof ParameterizedType p) return "[" + sample(p.getActualTypeArguments()[0]) + "]";
        if (type == Path.class) return "/srv/sample";
        if (type == Duration.class) return "7s";
        if (type == Boolean.class) return "true";
        if (type == Integer.class || type == Long.class) return "3";
        return "sample";
    }

    /** What Hearth's Durations deserializer did for Jackson before agent.yaml had its own binder. */
    private static final class JacksonDurations extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                return Duration.ofMillis(Math.round(p.getDoubleValue() * 1000));
            }
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return Durations.parse(p.getText());
                } catch (IllegalArgumentException e) {
                    return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
                }
            }
            return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
        }
    }
}
