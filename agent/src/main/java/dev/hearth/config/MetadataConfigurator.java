package dev.hearth.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Json;
import dev.hearth.json.Yaml;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the {@code os-collect-config} section that Heat writes into a server's metadata (and exposes as
 * the {@code os_collect_config} attribute of a DeployedServer, docs/heat-protocol.md#the-os-collect-config-block) into agent.yaml.
 *
 * <p>The collector list and the {@code heat}, {@code cfn}, {@code request} and {@code zaqar} sections
 * are taken over with os-collect-config's option names, which are Hearth's; keys Heat set to
 * {@code null} (the transports not in use) are left out. Every other key comes from a base
 * configuration when one is given, so re-running this after Heat rotated credentials keeps the
 * operator's settings. The result is checked with {@link ConfigLoader} before it is returned.
 */
public final class MetadataConfigurator {
    /** Heat's section keys per collector; anything else in a section is dropped with a warning. */
    private static final Map<String, Set<String>> SECTION_KEYS = Map.of(
            "heat", Set.of("auth_url", "user_id", "password", "project_id", "stack_id", "resource_name", "region_name"),
            "zaqar", Set.of("auth_url", "user_id", "password", "project_id", "queue_id", "region_name"),
            "cfn", Set.of("metadata_url", "access_key_id", "secret_access_key", "stack_name", "path", "ca_certificate"),
            "request", Set.of("metadata_url"));

    private static final List<String> SECTIONS = List.of("heat", "cfn", "request", "zaqar");
    /** os-collect-config collectors Hearth does not have: refused unless the caller ignores them. */
    private static final Map<String, String> UNSUPPORTED =
            Map.of("ec2", "the EC2 metadata service collector (Nova servers) is not implemented by Hearth");

    /** The agent.yaml text and what the caller should be told about it. */
    public record Result(String yaml, List<String> collectors, List<String> warnings) {}

    /**
     * An agent.yaml from the collector settings in a server's metadata.
     *
     * @param metadataJson      the whole server metadata, or just its {@code os-collect-config} block
     * @param baseYaml          an agent.yaml whose other keys are kept; null or blank for none
     * @param ignoredCollectors collector names to drop from the list instead of refusing them (e.g. ec2)
     * @throws ConfigException  on input that is not such a document, or an unknown collector
     */
    public Result configure(String metadataJson, String baseYaml, Set<String> ignoredCollectors) {
        JsonNode doc;
        try {
            doc = Json.mapper().readTree(metadataJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException("metadata: not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode block = occBlock(doc);
        List<String> warnings = new ArrayList<>();

        ObjectNode out = baseTree(baseYaml);
        List<String> collectors = collectors(block, ignoredCollectors, warnings);
        ArrayNode list = out.putArray("collectors");
        collectors.forEach(list::add);

        for (String section : SECTIONS) {
            JsonNode in = block.get(section);
            if (in == null || in.isNull()) continue;
            if (!in.isObject())
                throw new ConfigException("metadata: os-collect-config." + section + " is not an object");
            ObjectNode mapped = mapSection(section, in, warnings);
            if (mapped.isEmpty()) continue;
            // Credentials from Heat replace the base's whole section: stale keys must not survive a rotation.
            JsonNode old = out.get(section);
            if (old instanceof ObjectNode o && o.has("timeout")) mapped.set("timeout", o.get("timeout"));
            out.set(section, mapped);
        }
        for (String c : collectors) {
            if (SECTIONS.contains(c) && !out.has(c)) {
                warnings.add("collector '" + c + "' is listed but os-collect-config." + c + " has no settings");
            }
        }

        String yaml;
        try {
            yaml = Json.yaml().writeValueAsString(out);
        } catch (IOException e) {
            throw new ConfigException("cannot write YAML: " + e.getMessage(), e);
        }
        new ConfigLoader().parse(yaml, "generated agent.yaml"); // refuse to hand out what the agent refuses
        return new Result(yaml, List.copyOf(collectors), List.copyOf(warnings));
    }

    private static JsonNode occBlock(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new ConfigException(
                    "metadata: expected a JSON object (server metadata or its os-collect-config block)");
        }
        JsonNode block = doc.get("os-collect-config");
        if (block == null) block = doc.get("os_collect_config"); // the attribute's name, when wrapped
        if (block != null) {
            if (!block.isObject()) throw new ConfigException("metadata: os-collect-config is not an object");
            return block;
        }
        if (doc.has("collectors") || SECTIONS.stream().anyMatch(doc::has)) return doc;
        throw new ConfigException("metadata: no os-collect-config section (is this the metadata of a server "
                + "whose software_config_transport is a polling one?)");
    }

    private static ObjectNode baseTree(String baseYaml) {
        if (baseYaml == null || baseYaml.isBlank()) return Json.object();
        new ConfigLoader().parse(baseYaml, "base agent.yaml");
        try {
            JsonNode n = Yaml.read(baseYaml, Yaml.Keys.UNIQUE);
            return n instanceof ObjectNode o ? o : Json.object();
        } catch (DocumentException e) {
            throw new ConfigException("base agent.yaml: not valid YAML: " + e.getMessage(), e);
        }
    }

    private static List<String> collectors(JsonNode block, Set<String> ignored, List<String> warnings) {
        JsonNode list = block.get("collectors");
        List<String> names = new ArrayList<>();
        if (list == null || list.isNull()) {
            // No list: every section with settings is a collector (os-collect-config's config files work so).
            for (String s : SECTIONS) if (hasSettings(block.get(s))) names.add(s);
            if (names.isEmpty())
                throw new ConfigException("metadata: os-collect-config has no collectors and no settings");
            return names;
        }
        if (!list.isArray()) throw new ConfigException("metadata: os-collect-config.collectors is not a list");
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            if (!n.isTextual())
                throw new ConfigException("metadata: os-collect-config.collectors[" + i + "] is not a string");
            String name = n.asText();
            if (ignored.contains(name)) {
                warnings.add("collector '" + name + "' dropped (--ignore-collector)");
                continue;
            }
            if (!AgentConfig.KNOWN_COLLECTORS.contains(name)) {
                String why = UNSUPPORTED.getOrDefault(name, "not an os-collect-config collector Hearth knows");
                throw new ConfigException("metadata: unknown collector '" + name + "' in os-collect-config.collectors: "
                        + why + " (known: heat_local, local, request, heat, cfn, zaqar; "
                        + "drop it with --ignore-collector " + name + ")");
            }
            if (!names.contains(name)) names.add(name);
        }
        if (names.isEmpty()) throw new ConfigException("metadata: os-collect-config.collectors is empty");
        return names;
    }

    private static boolean hasSettings(JsonNode section) {
        if (section == null || !section.isObject()) return false;
        for (JsonNode v : section) if (!v.isNull()) return true;
        return false;
    }

    private static ObjectNode mapSection(String section, JsonNode in, List<String> warnings) {
        Set<String> known = SECTION_KEYS.get(section);
        Map<String, JsonNode> kept = new LinkedHashMap<>();
        in.properties().iterator().forEachRemaining(e -> {
            if (e.getValue().isNull()) return;
            if (!known.contains(e.getKey())) {
                warnings.add("os-collect-config." + section + "." + e.getKey() + " has no agent.yaml key; dropped");
                return;
            }
            kept.put(e.getKey(), e.getValue());
        });
        ObjectNode out = Json.object();
        kept.forEach((k, v) -> {
            if (section.equals("cfn") && k.equals("path")) {
                // Heat writes one "<server>.Metadata" string; os-collect-config's option (and ours) is a list.
                ArrayNode paths = out.putArray("path");
                if (v.isArray()) v.forEach(p -> paths.add(p.asText()));
                else paths.add(v.asText());
            } else if (v.isValueNode()) {
                out.put(k, v.asText());
            } else {
                throw new ConfigException("metadata: os-collect-config." + section + "." + k + " is not a string");
            }
        });
        return out;
    }
}
