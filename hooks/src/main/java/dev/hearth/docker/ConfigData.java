package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import dev.hearth.json.Yaml;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The {@code config_data} label: written as JSON, compared structurally (docs/containers.md#comparing-config_data). */
public final class ConfigData {
    private ConfigData() {}

    public static String write(JsonNode config) {
        return Json.write(config);
    }

    /** The label parsed leniently (paunch read it with {@code yaml.safe_load}); empty when absent or unreadable. */
    public static Optional<JsonNode> read(String label) {
        if (label == null || label.isBlank()) return Optional.empty();
        try {
            return Optional.of(Json.mapper().readTree(label));
        } catch (Exception e) {
            try {
                JsonNode n = Yaml.read(label);
                return n == null || n.isNull() || n.isMissingNode() ? Optional.empty() : Optional.of(n);
            } catch (Exception e2) {
                return Optional.empty();
            }
        }
    }

    /** Top-level keys whose values differ (a key absent on one side differs). */
    public static Set<String> differingKeys(JsonNode desired, JsonNode actual) {
        Set<String> keys = new TreeSet<>();
        if (!desired.isObject() || !actual.isObject()) {
            keys.add("*");
            return keys;
        }
        Set<String> all = new TreeSet<>();
        desired.fieldNames().forEachRemaining(all::add);
        actual.fieldNames().forEachRemaining(all::add);
        for (String k : all) {
            if (!same(desired.get(k), actual.get(k))) keys.add(k);
        }
        return keys;
    }

    /** Deep equality: maps order-insensitive, numbers by value (1 == 1.0, as in Python). */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) return a == null && b == null;
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) return false;
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!b.has(n) || !same(a.get(n), b.get(n))) return false;
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
            return true;
        }
        if (a.getNodeType() != b.getNodeType()) return false;
        return a.equals(b);
    }
}
