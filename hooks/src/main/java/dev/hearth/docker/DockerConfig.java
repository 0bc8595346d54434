package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Yaml;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The containers of one docker-cmd deployment: name → spec, in the order given. */
public record DockerConfig(Map<String, ContainerSpec> containers) {
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");

    public DockerConfig {
        containers = Collections.unmodifiableMap(new LinkedHashMap<>(containers));
    }

    public static DockerConfig empty() {
        return new DockerConfig(Map.of());
    }

    /**
     * Parses a deployment's {@code config}: a map or the same as a YAML string; null or empty means no
     * containers. Config hashes are injected first. All problems are reported together.
     */
    public static DockerConfig parse(JsonNode config, Map<String, String> agentEnvironment, ConfigHashes hashes) {
        JsonNode node = config;
        if (node == null || node.isNull() || node.isMissingNode()) return empty();
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.isBlank()) return empty();
            try {
                node = Yaml.read(text);
            } catch (DocumentException e) {
                throw new DockerConfigException(List.of("config is not valid YAML: " + e.getMessage()));
            }
            if (node == null || node.isNull() || node.isMissingNode()) return empty();
        }
        if (!node.isObject()) {
            throw new DockerConfigException(List.of("config must be a map of container name to settings"));
        }
        Map<String, ContainerSpec> specs = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        var it = node.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                problems.add(DockerConfigException.problem(name, null, "not a valid container name"));
                continue;
            }
            if (!e.getValue().isObject()) {
                problems.add(DockerConfigException.problem(name, null, "settings must be a map"));
                continue;
            }
            try {
                specs.put(name, ContainerSpec.parse(name, hashes.inject((ObjectNode) e.getValue()), agentEnvironment));
            } catch (DockerConfigException ex) {
                problems.addAll(ex.problems());
            }
        }
        if (!problems.isEmpty()) throw new DockerConfigException(problems);
        return new DockerConfig(specs);
    }

    public List<String> warnings() {
        return containers.values().stream().flatMap(s -> s.warnings().stream()).toList();
    }
}
