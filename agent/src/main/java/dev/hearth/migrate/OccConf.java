package dev.hearth.migrate;

import dev.hearth.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The INI file os-collect-config reads ({@code /etc/os-collect-config.conf}), as oslo.config sees it: sections,
 * keys that may repeat (multi-valued options such as {@code collectors} and {@code path}), dashes and
 * underscores in a key meaning the same option.
 *
 * @param sections section name to key to values, in file order
 */
public record OccConf(Map<String, Map<String, List<String>>> sections) {
    public static final String DEFAULT = "DEFAULT";

    public OccConf {
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        sections.forEach((s, keys) -> {
            Map<String, List<String>> k = new LinkedHashMap<>();
            keys.forEach((key, values) -> k.put(key, List.copyOf(values)));
            copy.put(s, java.util.Collections.unmodifiableMap(k));
        });
        sections = java.util.Collections.unmodifiableMap(copy);
    }

    /** All values of a key, empty when absent. */
    public List<String> values(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The last value of a key (oslo.config's rule for a single-valued option), or null. */
    public String last(String section, String key) {
        List<String> v = values(section, key);
        return v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /**
     * Parses an os-collect-config.conf.
     *
     * @param text   the file's content
     * @param source the file's name, for messages
     * @throws ConfigException naming the line of a line that is neither a section, a key nor a comment
     */
    public static OccConf parse(String text, String source) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        sections.put(DEFAULT, new LinkedHashMap<>());
        String section = DEFAULT;
        List<String> lastValues = null;
        int lastIndex = -1;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (Character.isWhitespace(raw.charAt(0)) && lastValues != null) {
                // An indented line continues the previous value (Python's ConfigParser rule that oslo.config follows).
                lastValues.set(lastIndex, lastValues.get(lastIndex) + "\n" + line);
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new ConfigException(source + ": line " + (i + 1) + ": not a section header");
                }
                section = line.substring(1, line.length() - 1).strip();
                sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
                lastValues = null;
                continue;
            }
            int eq = firstSeparator(line);
            if (eq <= 0) throw new ConfigException(source + ": line " + (i + 1) + ": expected 'key = value'");
            String key = line.substring(0, eq).strip().replace('-', '_');
            String value = line.substring(eq + 1).strip();
            lastValues = sections.get(section).computeIfAbsent(key, k -> new ArrayList<>());
            lastValues.add(value);
            lastIndex = lastValues.size() - 1;
        }
        return new OccConf(sections);
    }

    private static int firstSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) return colon;
        if (colon < 0) return eq;
        return Math.min(eq, colon);
    }
}
