package dev.hearth.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Json;
import dev.hearth.json.Yaml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role document: {@code role} (its name) and {@code services}, each a map with {@code name} and the
 * TripleO service outputs ({@code config_settings}, {@code step_config}, {@code puppet_config},
 * {@code kolla_config}, {@code docker_config}, {@code docker_puppet_tasks}, {@code update_tasks},
 * {@code upgrade_tasks}, {@code fast_forward_upgrade_tasks}), directly or under {@code role_data}.
 * YAML or JSON. Problems are reported with their path.
 */
public record RoleDocument(String name, List<RoleService> services) {
    public static final int FIRST_STEP = 1;
    public static final int LAST_STEP = 5;
    public static final List<String> TASK_KEYS = List.of("update_tasks", "upgrade_tasks", "fast_forward_upgrade_tasks");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern STEP_KEY = Pattern.compile("step_(\\d+)");
    private static final Set<String> KNOWN = Set.of("name", "role_data", "config_settings", "step_config",
            "puppet_config", "kolla_config", "docker_config", "docker_puppet_tasks", "update_tasks", "upgrade_tasks",
            "fast_forward_upgrade_tasks", "service_name", "monitoring_subscription", "logging_source",
            "logging_groups", "global_config_settings", "service_config_settings", "host_prep_tasks",
            "deploy_steps_tasks", "external_deploy_tasks", "post_upgrade_tasks", "post_update_tasks",
            "upgrade_batch_tasks", "metadata_settings", "host_firewall_tasks");

    public RoleDocument {
        services = List.copyOf(services);
    }

    public static RoleDocument parse(String text) {
        JsonNode root;
        try {
            root = Yaml.read(text);
        } catch (DocumentException e) {
            throw new RoleException("$", "not a YAML or JSON document: " + e.getMessage());
        }
        return parse(root);
    }

    public static RoleDocument parse(JsonNode root) {
        if (root == null || !root.isObject()) throw new RoleException("$", "must be a map with role and services");
        String role = text(root.get("role"), "$.role");
        if (role == null || !NAME.matcher(role).matches()) {
            throw new RoleException("$.role", "must be a name (letters, digits, '_', '.', '-'; at most 63)");
        }
        JsonNode list = root.get("services");
        if (list == null || !list.isArray() || list.isEmpty()) throw new RoleException("$.services", "must be a non-empty list");
        List<RoleService> services = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "$.services[" + i + "]";
            RoleService s = service(list.get(i), at);
            if (!names.add(s.name())) throw new RoleException(at + ".name", "duplicate service " + s.name());
            services.add(s);
        }
        return new RoleDocument(role, services);
    }

    private static RoleService service(JsonNode node, String at) {
        if (node == null || !node.isObject()) throw new RoleException(at, "must be a map");
        String name = text(node.get("name"), at + ".name");
        if (name == null && node.has("service_name")) name = text(node.get("service_name"), at + ".service_name");
        if (name == null || !NAME.matcher(name).matches()) throw new RoleException(at + ".name", "must be a service name");
        JsonNode data = node.has("role_data") ? node.get("role_data") : node;
        String dataAt = node.has("role_data") ? at + ".role_data" : at;
        if (!data.isObject()) throw new RoleException(dataAt, "must be a map");
        for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KNOWN.contains(key)) throw new RoleException(dataAt + "." + key, "unknown service output");
        }
        ObjectNode settings = map(data.get("config_settings"), dataAt + ".config_settings");
        String stepConfig = text(data.get("step_config"), dataAt + ".step_config");
        List<JsonNode> puppetConfig = new ArrayList<>();
        JsonNode pc = data.get("puppet_config");
        if (pc != null && !pc.isNull()) {
            if (pc.isObject()) {
                puppetConfig.add(pc);
            } else if (pc.isArray()) {
                pc.forEach(e -> { if (!e.isNull()) puppetConfig.add(e); });
            } else {
                throw new RoleException(dataAt + ".puppet_config", "must be a map or a list of maps");
            }
        }
        ObjectNode kolla = map(data.get("kolla_config"), dataAt + ".kolla_config");
        Map<Integer, ObjectNode> docker = new LinkedHashMap<>();
        ObjectNode dc = map(data.get("docker_config"), dataAt + ".docker_config");
        for (Map.Entry<String, JsonNode> e : dc.properties()) {
            String p = dataAt + ".docker_config." + e.getKey();
            docker.put(step(e.getKey(), p), map(e.getValue(), p));
        }
        Map<Integer, ArrayNode> tasks = new LinkedHashMap<>();
        ObjectNode dpt = map(data.get("docker_puppet_tasks"), dataAt + ".docker_puppet_tasks");
        for (Map.Entry<String, JsonNode> e : dpt.properties()) {
            String p = dataAt + ".docker_puppet_tasks." + e.getKey();
            tasks.put(step(e.getKey(), p), list(e.getValue(), p));
        }
        Map<String, ArrayNode> ansible = new LinkedHashMap<>();
        for (String key : TASK_KEYS) {
            if (data.has(key) && !data.get(key).isNull()) ansible.put(key, list(data.get(key), dataAt + "." + key));
        }
        return new RoleService(name, settings, stepConfig == null ? "" : stepConfig, puppetConfig, kolla, docker,
                tasks, ansible);
    }

    private static int step(String key, String at) {
        Matcher m = STEP_KEY.matcher(key);
        if (!m.matches()) throw new RoleException(at, "must be named step_1 .. step_5");
        int n = Integer.parseInt(m.group(1));
        if (n < FIRST_STEP || n > LAST_STEP) throw new RoleException(at, "must be named step_1 .. step_5");
        return n;
    }

    private static ObjectNode map(JsonNode v, String at) {
        if (v == null || v.isNull()) return Json.object();
        if (!v.isObject()) throw new RoleException(at, "must be a map");
        return (ObjectNode) v;
    }

    private static ArrayNode list(JsonNode v, String at) {
        if (v == null || v.isNull()) return Json.nodes().arrayNode();
        if (!v.isArray()) throw new RoleException(at, "must be a list");
        return (ArrayNode) v;
    }

    private static String text(JsonNode v, String at) {
        if (v == null || v.isNull()) return null;
        if (!v.isValueNode()) throw new RoleException(at, "must be a string");
        return v.asText();
    }
}
