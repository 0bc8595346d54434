package dev.hearth.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.ConfigException;
import dev.hearth.config.ConfigLoader;
import dev.hearth.config.MetadataConfigurator;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Json;
import dev.hearth.json.Yaml;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns os-collect-config's own configuration file into agent.yaml. The collector list and the heat, cfn, request
 * and zaqar credentials go through {@link MetadataConfigurator} (the same translation {@code hearth configure} does
 * for Heat's metadata); the polling intervals, the local paths and the timeouts are added here. Every option of the
 * file that Hearth has no equivalent for is listed in {@link Translation#unmapped()}, so nothing is lost unseen.
 */
public final class OccConfTranslator {
    /** Options passed through MetadataConfigurator, per section. */
    private static final Map<String, Set<String>> CREDENTIAL_KEYS = Map.of(
            "heat", Set.of("auth_url", "user_id", "password", "project_id", "stack_id", "resource_name", "region_name"),
            "zaqar", Set.of("auth_url", "user_id", "password", "project_id", "queue_id", "region_name"),
            "cfn", Set.of("metadata_url", "access_key_id", "secret_access_key", "stack_name", "path", "ca_certificate"),
            "request", Set.of("metadata_url"));

    private static final Set<String> MULTI = Set.of("path");
    private static final Set<String> TIMEOUT_SECTIONS = Set.of("cfn", "request");
    /** Collectors os-collect-config has and Hearth does not: dropped from the list, and said so. */
    private static final Set<String> DROPPED_COLLECTORS = Set.of("ec2");
    /** os-collect-config's list when its file sets none (every collector it has, in its order). */
    public static final List<String> OCC_DEFAULT_COLLECTORS =
            List.of("heat_local", "ec2", "cfn", "heat", "request", "local", "zaqar");

    /**
     * An os-collect-config.conf translated into an agent.yaml.
     *
     * @param yaml      the agent.yaml, validated as the agent validates it (holds credentials)
     * @param collectors the collectors it polls, in order
     * @param unmapped  options of the file with no agent.yaml equivalent, as section.key (values never shown)
     * @param problems  what stops the switch being a like-for-like one (a command other than os-refresh-config)
     */
    public record Translation(String yaml, List<String> collectors, List<String> unmapped, List<String> problems) {}

    public Translation translate(OccConf conf) {
        List<String> unmapped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ObjectNode block = Json.object();

        List<String> collectors = new ArrayList<>();
        for (String v : conf.values(OccConf.DEFAULT, "collectors")) {
            for (String name : v.split("[,\\s]+", -1))
                if (!name.isBlank() && !collectors.contains(name)) collectors.add(name);
        }
        boolean defaulted = collectors.isEmpty();
        if (defaulted) {
            // os-collect-config then polls every collector it has; those without settings are skipped, as in Hearth.
            collectors.addAll(OCC_DEFAULT_COLLECTORS);
            unmapped.add("DEFAULT.collectors not set: os-collect-config's default list is used ("
                    + String.join(", ", OCC_DEFAULT_COLLECTORS) + ")");
        }
        ArrayNode list = block.putArray("collectors");
        collectors.forEach(list::add);
        for (String c : collectors) {
            if (DROPPED_COLLECTORS.contains(c))
                unmapped.add("DEFAULT.collectors: " + c + " (Hearth has no " + c + " collector; dropped)");
        }

        ObjectNode extra = Json.object();
        ObjectNode polling = Json.object();
        conf.sections()
                .forEach((section, keys) -> keys.forEach((key, values) -> {
                    String last = values.get(values.size() - 1);
                    switch (section) {
                        case OccConf.DEFAULT -> {
                            switch (key) {
                                case "collectors" -> {}
                                case "command" -> checkCommand(last, problems, unmapped);
                                case "polling_interval" -> polling.put("max_interval", seconds(section, key, last));
                                case "min_polling_interval" -> polling.put("min_interval", seconds(section, key, last));
                                case "splay" -> polling.put("splay", seconds(section, key, last));
                                default -> unmapped.add(section + "." + key);
                            }
                        }
                        case "heat", "cfn", "request", "zaqar" -> {
                            if (CREDENTIAL_KEYS.get(section).contains(key)) {
                                ObjectNode s =
                                        block.has(section) ? (ObjectNode) block.get(section) : block.putObject(section);
                                if (MULTI.contains(key)) {
                                    ArrayNode a = s.putArray(key);
                                    values.forEach(a::add);
                                } else {
                                    s.put(key, last);
                                }
                            } else if (key.equals("timeout") && TIMEOUT_SECTIONS.contains(section)) {
                                section(extra, section).put("timeout", seconds(section, key, last));
                            } else if (key.equals("ca_file") && section.equals("zaqar")) {
                                section(extra, section).put("ca_certificate", last);
                            } else {
                                unmapped.add(section + "." + key);
                            }
                        }
                        case "local", "heat_local" -> {
                            if (key.equals("path")) {
                                ArrayNode a = section(extra, section).putArray("path");
                                values.forEach(a::add);
                            } else {
                                unmapped.add(section + "." + key);
                            }
                        }
                        default -> unmapped.add(section + "." + key);
                    }
                }));
        if (!polling.isEmpty()) extra.set("polling", polling);

        MetadataConfigurator.Result r =
                new MetadataConfigurator().configure(block.toString(), null, DROPPED_COLLECTORS);
        ObjectNode tree;
        try {
            JsonNode n = Yaml.read(r.yaml(), Yaml.Keys.UNIQUE);
            tree = (ObjectNode) n;
        } catch (DocumentException e) {
            throw new ConfigException("generated agent.yaml: " + e.getMessage(), e);
        }
        extra.properties().iterator().forEachRemaining(e -> {
            if (tree.get(e.getKey()) instanceof ObjectNode existing) existing.setAll((ObjectNode) e.getValue());
            else tree.set(e.getKey(), e.getValue());
        });
        String yaml;
        try {
            yaml = Json.yaml().writeValueAsString(tree);
        } catch (IOException e) {
            throw new ConfigException("cannot write YAML: " + e.getMessage(), e);
        }
        new ConfigLoader().parse(yaml, "generated agent.yaml");
        List<String> notes = new ArrayList<>(problems);
        r.warnings().stream()
                .filter(w -> !w.contains("--ignore-collector"))
                .filter(w -> !(defaulted && w.contains("is listed but")))
                .forEach(notes::add);
        return new Translation(yaml, r.collectors(), List.copyOf(unmapped), List.copyOf(notes));
    }

    private static ObjectNode section(ObjectNode extra, String name) {
        return extra.has(name) ? (ObjectNode) extra.get(name) : extra.putObject(name);
    }

    private static void checkCommand(String command, List<String> problems, List<String> unmapped) {
        String[] words = command.strip().split("\\s+", -1);
        String program = words[0].substring(words[0].lastIndexOf('/') + 1);
        if (!program.equals("os-refresh-config")) {
            // Hearth runs deployments itself; whatever else this command did would no longer happen.
            problems.add("DEFAULT.command is not os-refresh-config: what it runs is not done by Hearth; "
                    + "check it before switching");
        } else if (words.length > 1) {
            unmapped.add("DEFAULT.command arguments of os-refresh-config (Hearth's equivalent is hooks.timeout)");
        }
    }

    private static String seconds(String section, String key, String value) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ConfigException("os-collect-config " + section + "." + key + " is not a number of seconds");
        }
        if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
            throw new ConfigException("os-collect-config " + section + "." + key + " is not a number of seconds");
        }
        return d == Math.rint(d) ? (long) d + "s" : Math.round(d * 1000) + "ms";
    }
}
