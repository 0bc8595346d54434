package dev.hearth.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One item of the metadata's {@code deployments} list (a Heat derived software config).
 * {@code raw} is the document as received; it is what an external hook gets on stdin.
 */
public record Deployment(
        String id,
        String name,
        String group,
        String creationTime,
        JsonNode config,
        List<DeploymentInput> inputs,
        List<DeploymentOutput> outputs,
        ObjectNode options,
        ObjectNode raw) {

    public static final String UNGROUPED = "Heat::Ungrouped";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public Deployment {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Parses and validates one deployment; {@code path} prefixes error messages (e.g. {@code $.deployments[2]}). */
    public static Deployment fromJson(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidDeploymentException(path, "a deployment must be a JSON object");
        }
        ObjectNode raw = (ObjectNode) node;
        String id = requiredText(raw, "id", path);
        if (!SAFE_ID.matcher(id).matches()) {
            // The id names files in the state directory: nothing that could escape it.
            throw new InvalidDeploymentException(
                    path + ".id",
                    "not a valid deployment id: letters, digits, '.', '_', ':' and '-' only, at most 128");
        }
        String name = optionalText(raw, "name", path).orElse(id);
        String group = optionalText(raw, "group", path).orElse(UNGROUPED);
        String creationTime = optionalText(raw, "creation_time", path).orElse(null);
        JsonNode config = raw.has("config") ? raw.get("config") : NullNode.getInstance();
        JsonNode optionsNode = raw.get("options");
        ObjectNode options;
        if (optionsNode == null || optionsNode.isNull()) {
            options = Json.object(); // Heat emits null when a SoftwareConfig has no options
            // (docs/heat-protocol.md#metadata)
        } else if (optionsNode.isObject()) {
            options = (ObjectNode) optionsNode;
        } else {
            throw new InvalidDeploymentException(path + ".options", "must be an object or null");
        }
        HeatInputs.validate(options, path + ".options");
        List<DeploymentInput> inputs = new ArrayList<>();
        JsonNode inputsNode = raw.get("inputs");
        if (inputsNode != null && !inputsNode.isNull()) {
            if (!inputsNode.isArray()) throw new InvalidDeploymentException(path + ".inputs", "must be a list");
            for (int i = 0; i < inputsNode.size(); i++) {
                String p = path + ".inputs[" + i + "]";
                JsonNode in = inputsNode.get(i);
                if (!in.isObject()) throw new InvalidDeploymentException(p, "an input must be an object");
                String inName = requiredText(in, "name", p);
                String type = optionalText(in, "type", p).orElse("String");
                JsonNode value = in.has("value") ? in.get("value") : in.path("default");
                if (value.isMissingNode()) value = NullNode.getInstance();
                inputs.add(new DeploymentInput(inName, type, value));
            }
        }
        List<DeploymentOutput> outputs = new ArrayList<>();
        JsonNode outputsNode = raw.get("outputs");
        if (outputsNode != null && !outputsNode.isNull()) {
            if (!outputsNode.isArray()) throw new InvalidDeploymentException(path + ".outputs", "must be a list");
            for (int i = 0; i < outputsNode.size(); i++) {
                String p = path + ".outputs[" + i + "]";
                JsonNode out = outputsNode.get(i);
                if (!out.isObject()) throw new InvalidDeploymentException(p, "an output must be an object");
                JsonNode err = out.path("error_output");
                outputs.add(new DeploymentOutput(
                        requiredText(out, "name", p),
                        optionalText(out, "type", p).orElse("String"),
                        err.isBoolean() ? err.booleanValue() : "true".equalsIgnoreCase(err.asText())));
            }
        }
        return new Deployment(id, name, group, creationTime, config, inputs, outputs, options, raw);
    }

    /** Input values by name, in input order (later duplicates win, as in Python's dict building). */
    public Map<String, JsonNode> inputValues() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (DeploymentInput in : inputs) values.put(in.name(), in.value());
        return Collections.unmodifiableMap(values);
    }

    /** The textual value of an input, absent when missing or null. */
    public Optional<String> input(String name) {
        JsonNode v = inputValues().get(name);
        if (v == null || v.isNull()) return Optional.empty();
        return Optional.of(Json.asText(v));
    }

    public String deployAction() {
        return input("deploy_action").orElse("CREATE");
    }

    public Optional<String> stackId() {
        return input("deploy_stack_id");
    }

    public Optional<String> resourceName() {
        return input("deploy_resource_name");
    }

    public String signalTransport() {
        return input("deploy_signal_transport").orElseGet(() -> {
            if (input("deploy_signal_id").isPresent()) return "CFN_SIGNAL";
            if (input("deploy_queue_id").isPresent()) return "ZAQAR_SIGNAL";
            if (input("deploy_auth_url").isPresent()) return "HEAT_SIGNAL";
            return "NO_SIGNAL";
        });
    }

    /** The same deployment with another group and config (component resolution). */
    public Deployment withGroupAndConfig(String newGroup, JsonNode newConfig) {
        ObjectNode copy = raw.deepCopy();
        copy.put("group", newGroup);
        copy.set("config", newConfig);
        return new Deployment(id, name, newGroup, creationTime, newConfig, inputs, outputs, options, copy);
    }

    private static String requiredText(JsonNode node, String field, String path) {
        return optionalText(node, field, path)
                .orElseThrow(() -> new InvalidDeploymentException(path + "." + field, "is required"));
    }

    private static Optional<String> optionalText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) throw new InvalidDeploymentException(path + "." + field, "must be a string");
        return Optional.of(v.textValue());
    }
}
