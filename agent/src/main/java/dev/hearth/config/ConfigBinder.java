package dev.hearth.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.secret.Secret;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Binds the tree of agent.yaml to {@link AgentConfig}'s records, strictly: a key no record component
 * names, or a value of the wrong kind, is refused with the key's path; a missing or null key leaves the
 * component null, so that the record's constructor puts its default.
 *
 * <p>Why not Jackson's data binding, which the rest of Hearth uses: every command reads agent.yaml
 * first, and building Jackson's deserializers for the eighteen records ran in the interpreter before any
 * JIT, about 80 ms of a short command's start (`hearth status`, `hearth hook`; docs/INSTALL.md,
 * "Footprint"). A key is the component's name in snake_case; ConfigBinderTest checks that every one is
 * documented in config/agent.yaml, and that this binder accepts and refuses what Jackson's did, but for
 * one thing: a fraction where a whole number is wanted (parallelism: 1.5) is refused, where Jackson cut
 * it to 1 without a word.
 */
final class ConfigBinder {

    /** A key or value the records do not take; {@code path} as agent.yaml users write it (a.b[0].c). */
    static final class BindingException extends RuntimeException {
        private final String path;
        private final boolean unknownKey;

        BindingException(String path, String problem, boolean unknownKey) {
            super(problem, null, false, false);
            this.path = path;
            this.unknownKey = unknownKey;
        }

        String path() {
            return path;
        }

        boolean unknownKey() {
            return unknownKey;
        }
    }

    <T extends Record> T bind(JsonNode node, Class<T> type) {
        return type.cast(record(node, type, ""));
    }

    private Object value(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) return null;
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return list(node, p.getActualTypeArguments()[0], path);
        }
        Class<?> c = (Class<?>) type;
        if (c == Secret.class) return Secret.of(text(node, path, "a string"));
        if (c.isRecord()) return record(node, c, path);
        // As Jackson did: a number or true/false where text is wanted is taken as its text (node.name: 1).
        if (c == String.class)
            return node.isNumber() || node.isBoolean() ? node.asText() : text(node, path, "a string");
        if (c == Path.class) return path(node, path);
        if (c == Duration.class) return duration(node, path);
        if (c == Boolean.class) {
            if (!node.isBoolean()) throw wrong(path, "true or false");
            return node.booleanValue();
        }
        if (c == Integer.class) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) throw wrong(path, "a whole number");
            return node.intValue();
        }
        if (c == Long.class) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) throw wrong(path, "a whole number");
            return node.longValue();
        }
        throw new IllegalStateException("agent.yaml binding has no rule for " + type.getTypeName());
    }

    private Object record(JsonNode node, Class<?> type, String path) {
        if (!node.isObject()) throw wrong(path, "a mapping of keys");
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            int i = indexOf(components, field.getKey());
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (i < 0) throw new BindingException(at, "unknown key", true);
            args[i] = value(field.getValue(), components[i].getGenericType(), at);
        }
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            // A record's constructor refusing a value (none does today); its message may quote it.
            throw new BindingException(path, "not accepted", false);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("agent.yaml binding cannot build " + type.getName(), e);
        }
    }

    private static int indexOf(RecordComponent[] components, String key) {
        for (int i = 0; i < components.length; i++) {
            if (snakeCase(components[i].getName()).equals(key)) return i;
        }
        return -1;
    }

    /** {@code maxJsonTokens} → {@code max_json_tokens}. */
    static String snakeCase(String name) {
        StringBuilder s = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch)) s.append('_').append(Character.toLowerCase(ch));
            else s.append(ch);
        }
        return s.toString();
    }

    private List<Object> list(JsonNode node, Type element, String path) {
        if (!node.isArray()) throw wrong(path, "a list");
        List<Object> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(value(node.get(i), element, path + "[" + i + "]"));
        return Collections.unmodifiableList(out);
    }

    private static String text(JsonNode node, String path, String what) {
        if (!node.isTextual()) throw wrong(path, what);
        return node.textValue();
    }

    private static Path path(JsonNode node, String path) {
        String text = text(node, path, "a path");
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw wrong(path, "a path");
        }
    }

    private static Duration duration(JsonNode node, String path) {
        if (node.isNumber()) return Durations.seconds(node.doubleValue());
        if (node.isTextual()) {
            try {
                return Durations.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                // refused below: its message quotes the text
            }
        }
        throw wrong(path, "a duration (use e.g. 500ms, 30s, 5m, 1h)");
    }

    private static BindingException wrong(String path, String expected) {
        return new BindingException(path, "expected " + expected, false);
    }
}
