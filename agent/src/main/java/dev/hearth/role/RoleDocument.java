package dev.hearth.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.firewall.FirewallRule;
import dev.hearth.firewall.FirewallRuleException;
import dev.hearth.firewall.FirewallRules;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Json;
import dev.hearth.json.Yaml;
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
 * A role document: {@code role} (its name) and {@code services}, each a map with {@code name} (or
 * {@code service_name}) and the TripleO service outputs, directly or under {@code role_data}, in the
 * docker-era shape ({@code docker_puppet_tasks}, {@code docker_config_scripts}) or the later one
 * ({@code container_puppet_tasks}, {@code container_config_scripts}). Outputs Hearth does not act on
 * (the control plane's, refused node-side ones, unknown keys) are kept as {@link UnactedOutput}s with
 * their reason (docs/roles.md#outputs). YAML or JSON. Problems are reported with their path.
 */
public record RoleDocument(String name, List<RoleService> services) {
    public static final int FIRST_STEP = 1;
    public static final int LAST_STEP = 5;
    /** Ansible task lists kept by key; which command runs which is in docs/roles.md#outputs. */
    public static final List<String> TASK_KEYS = List.of(
            "host_prep_tasks",
            "deploy_steps_tasks",
            "update_tasks",
            "post_update_tasks",
            "upgrade_tasks",
            "post_upgrade_tasks",
            "fast_forward_upgrade_tasks");
    /** Where TripleO writes each kind of config script: Queens and later. */
    public static final List<String> SCRIPT_KEYS = List.of("container_config_scripts", "docker_config_scripts");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern STEP_KEY = Pattern.compile("step_(\\d+)");
    private static final Set<String> ACTED = Set.of(
            "name",
            "role_data",
            "service_name",
            "config_settings",
            "step_config",
            "puppet_config",
            "kolla_config",
            "docker_config",
            "docker_puppet_tasks",
            "container_puppet_tasks",
            "global_config_settings",
            "service_config_settings",
            "container_config_scripts",
            "docker_config_scripts",
            "firewall_rules");
    private static final String CONTROL_PLANE = "control-plane side: ";
    /** Outputs Hearth knows and does not act on, with the reason the summary gives. */
    private static final Map<String, String> NOT_ACTED = Map.ofEntries(
            Map.entry(
                    "external_deploy_tasks", CONTROL_PLANE + "run by the undercloud's ansible against the whole stack"),
            Map.entry("external_post_deploy_tasks", CONTROL_PLANE + "run by the undercloud's ansible after the deploy"),
            Map.entry("external_update_tasks", CONTROL_PLANE + "run by the undercloud's ansible during an update"),
            Map.entry("external_upgrade_tasks", CONTROL_PLANE + "run by the undercloud's ansible during an upgrade"),
            Map.entry(
                    "external_post_upgrade_tasks", CONTROL_PLANE + "run by the undercloud's ansible after an upgrade"),
            Map.entry("upgrade_batch_tasks", CONTROL_PLANE + "run by the undercloud across nodes in batches"),
            Map.entry("monitoring_subscription", CONTROL_PLANE + "a sensu subscription for the monitoring setup"),
            Map.entry("logging_source", CONTROL_PLANE + "gathered into the fluentd service's hiera by the templates"),
            Map.entry("logging_groups", CONTROL_PLANE + "gathered into the fluentd service's hiera by the templates"),
            Map.entry("metadata_settings", CONTROL_PLANE + "server metadata for TLS everywhere (novajoin)"),
            Map.entry("service_metadata_settings", CONTROL_PLANE + "server metadata for TLS everywhere (novajoin)"),
            Map.entry("keystone_resources", CONTROL_PLANE + "endpoints, users and roles created in keystone"),
            Map.entry("ansible_group_vars", CONTROL_PLANE + "group vars of the undercloud's inventory"),
            Map.entry("scale_tasks", CONTROL_PLANE + "run by the undercloud when a node is scaled down"),
            Map.entry("cellv2_discovery", CONTROL_PLANE + "nova cell discovery run by the undercloud"),
            Map.entry("workflow_tasks", CONTROL_PLANE + "mistral workflows run by the undercloud"),
            Map.entry("pre_upgrade_rolling_tasks", "node-side, not run: hearth upgrade runs upgrade_tasks only"),
            Map.entry(
                    "fast_forward_post_upgrade_tasks",
                    "node-side, not run: hearth upgrade --tasks ffu runs " + "fast_forward_upgrade_tasks only"),
            Map.entry(
                    "host_firewall_tasks",
                    "node-side, refused: Hearth applies firewall_rules, not these tasks; run them " + "with ansible"));

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
        if (list == null || !list.isArray() || list.isEmpty())
            throw new RoleException("$.services", "must be a non-empty list");
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
        if (name == null || !NAME.matcher(name).matches())
            throw new RoleException(at + ".name", "must be a service name");
        JsonNode data = node.has("role_data") ? node.get("role_data") : node;
        String dataAt = node.has("role_data") ? at + ".role_data" : at;
        if (!data.isObject()) throw new RoleException(dataAt, "must be a map");
        List<UnactedOutput> unacted = new ArrayList<>();
        for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (ACTED.contains(key) || TASK_KEYS.contains(key) || empty(data.get(key))) continue;
            unacted.add(new UnactedOutput(name, key, NOT_ACTED.getOrDefault(key, "unknown output, not acted on")));
        }
        ObjectNode settings = map(data.get("config_settings"), dataAt + ".config_settings");
        String stepConfig = text(data.get("step_config"), dataAt + ".step_config");
        List<JsonNode> puppetConfig = new ArrayList<>();
        JsonNode pc = data.get("puppet_config");
        if (pc != null && !pc.isNull()) {
            if (pc.isObject()) {
                puppetConfig.add(pc);
            } else if (pc.isArray()) {
                pc.forEach(e -> {
                    if (!e.isNull()) puppetConfig.add(e);
                });
            } else {
                throw new RoleException(dataAt + ".puppet_config", "must be a map or a list of maps");
            }
        }
        ObjectNode kolla = map(data.get("kolla_config"), dataAt + ".kolla_config");
        Map<Integer, ObjectNode> docker = new LinkedHashMap<>();
        ObjectNode dc = map(data.get("docker_config"), dataAt + ".docker_config");
        for (Map.Entry<String, JsonNode> e : dc.properties()) {
            String p = dataAt + ".docker_config." + e.getKey();
            docker.put(step(e.getKey(), p, 0), map(e.getValue(), p));
        }
        Map<Integer, ArrayNode> tasks = new LinkedHashMap<>();
        for (String key : List.of("docker_puppet_tasks", "container_puppet_tasks")) {
            ObjectNode dpt = map(data.get(key), dataAt + "." + key);
            for (Map.Entry<String, JsonNode> e : dpt.properties()) {
                String p = dataAt + "." + key + "." + e.getKey();
                ArrayNode entries = tasks.computeIfAbsent(
                        step(e.getKey(), p, FIRST_STEP), k -> Json.nodes().arrayNode());
                // the templates give one entry as a map, several as a list
                if (e.getValue().isObject()) entries.add(e.getValue());
                else entries.addAll(list(e.getValue(), p));
            }
        }
        Map<String, ObjectNode> scripts = new LinkedHashMap<>();
        for (String key : SCRIPT_KEYS) {
            ObjectNode given = map(data.get(key), dataAt + "." + key);
            for (Map.Entry<String, JsonNode> e : given.properties()) {
                String p = dataAt + "." + key + "." + e.getKey();
                if (!NAME.matcher(e.getKey()).matches()) throw new RoleException(p, "must be a file name");
                ObjectNode script = map(e.getValue(), p);
                if (text(script.get("content"), p + ".content") == null)
                    throw new RoleException(p + ".content", "is required");
                ConfigScripts.mode(script.get("mode"), p + ".mode");
            }
            if (!given.isEmpty()) scripts.put(key, given);
        }
        ObjectNode global = map(data.get("global_config_settings"), dataAt + ".global_config_settings");
        ObjectNode perService = Json.object();
        for (Map.Entry<String, JsonNode> e : map(
                        data.get("service_config_settings"), dataAt + ".service_config_settings")
                .properties()) {
            if (e.getValue().isObject()) {
                perService.set(e.getKey(), e.getValue());
            } else if (!empty(e.getValue())) {
                unacted.add(new UnactedOutput(
                        name, "service_config_settings." + e.getKey(), "not a map of hiera settings, not merged"));
            }
        }
        Map<String, ArrayNode> ansible = new LinkedHashMap<>();
        for (String key : TASK_KEYS) {
            if (data.has(key) && !data.get(key).isNull()) ansible.put(key, list(data.get(key), dataAt + "." + key));
        }
        List<FirewallRule> firewall;
        try {
            firewall = FirewallRules.parse(name, data.get("firewall_rules"), dataAt + ".firewall_rules");
        } catch (FirewallRuleException e) {
            throw new RoleException(e.path(), e.reason());
        }
        return new RoleService(
                name,
                settings,
                stepConfig == null ? "" : stepConfig,
                puppetConfig,
                kolla,
                docker,
                tasks,
                ansible,
                scripts,
                global,
                perService,
                firewall,
                unacted);
    }

    private static boolean empty(JsonNode v) {
        return v == null
                || v.isNull()
                || (v.isContainerNode() && v.isEmpty())
                || (v.isTextual() && v.asText().isBlank());
    }

    private static int step(String key, String at, int first) {
        Matcher m = STEP_KEY.matcher(key);
        String expected = "must be named step_" + first + " .. step_" + LAST_STEP;
        if (!m.matches() || m.group(1).length() > 2) throw new RoleException(at, expected);
        int n = Integer.parseInt(m.group(1));
        if (n < first || n > LAST_STEP) throw new RoleException(at, expected);
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
