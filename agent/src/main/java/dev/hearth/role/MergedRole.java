package dev.hearth.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.firewall.FirewallRule;
import dev.hearth.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A role's services merged as TripleO merges them (docs/roles.md#merging):
 * {@code config_settings} deep-merged into one hiera map, {@code kolla_config} maps merged,
 * {@code puppet_config} entries de-duplicated, {@code step_config} manifests joined,
 * {@code docker_config} merged per step (a later service's container of the same name wins),
 * {@code docker_puppet_tasks} grouped by step, ansible task lists concatenated, config scripts merged by
 * name. The hiera is then completed as TripleO completes a role's: every service's
 * {@code global_config_settings}, then the {@code service_config_settings} of the services this role
 * runs (deep-merged together first), each replacing top-level keys.
 *
 * @param configScripts output key → script name → {@code mode}, {@code content}
 * @param firewallRules the services' {@code firewall_rules} merged by rule name (a later service's rule of the
 *                      same name replaces the earlier one, as TripleO's map_merge does)
 * @param unacted       outputs no command acts on, with the reason (for the summary)
 */
public record MergedRole(
        String name,
        List<String> services,
        ObjectNode hiera,
        ObjectNode kollaConfig,
        ArrayNode puppetConfig,
        String stepConfig,
        Map<Integer, ObjectNode> dockerConfig,
        Map<Integer, ArrayNode> bootstrapTasks,
        Map<String, ArrayNode> tasks,
        Map<String, String> containerService,
        Map<String, ObjectNode> configScripts,
        List<FirewallRule> firewallRules,
        List<UnactedOutput> unacted) {

    public static MergedRole of(RoleDocument role) {
        ObjectNode hiera = Json.object();
        ObjectNode kolla = Json.object();
        ArrayNode puppet = Json.nodes().arrayNode();
        List<String> manifests = new ArrayList<>();
        Map<Integer, ObjectNode> docker = new TreeMap<>();
        Map<Integer, ArrayNode> bootstrap = new TreeMap<>();
        Map<String, ArrayNode> tasks = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        Map<String, ObjectNode> scripts = new LinkedHashMap<>();
        ObjectNode global = Json.object();
        ObjectNode perService = Json.object();
        List<UnactedOutput> unacted = new ArrayList<>();
        Map<String, List<FirewallRule>> firewall = new LinkedHashMap<>();
        for (RoleService s : role.services()) {
            names.add(s.name());
            deepMerge(hiera, s.configSettings());
            kolla.setAll(s.kollaConfig().deepCopy());
            for (JsonNode entry : s.puppetConfig()) {
                boolean seen = false;
                for (JsonNode e : puppet) seen |= e.equals(entry);
                if (!seen) puppet.add(entry.deepCopy());
            }
            if (!s.stepConfig().isBlank()) manifests.add(s.stepConfig().strip());
            s.dockerConfig().forEach((step, containers) -> {
                ObjectNode merged = docker.computeIfAbsent(step, k -> Json.object());
                containers.properties().forEach(c -> {
                    merged.remove(c.getKey()); // a replaced container moves to the later service's place
                    merged.set(c.getKey(), c.getValue().deepCopy());
                    owner.put(c.getKey(), s.name());
                });
            });
            s.dockerPuppetTasks()
                    .forEach((step, list) -> bootstrap
                            .computeIfAbsent(step, k -> Json.nodes().arrayNode())
                            .addAll(list.deepCopy()));
            s.tasks()
                    .forEach((key, list) -> tasks.computeIfAbsent(
                                    key, k -> Json.nodes().arrayNode())
                            .addAll(list.deepCopy()));
            s.configScripts()
                    .forEach((key, given) ->
                            scripts.computeIfAbsent(key, k -> Json.object()).setAll(given.deepCopy()));
            global.setAll(s.globalConfigSettings().deepCopy());
            deepMerge(perService, s.serviceConfigSettings());
            s.firewallRules().forEach(r -> firewall.remove(r.name()));
            s.firewallRules()
                    .forEach(r -> firewall.computeIfAbsent(r.name(), k -> new ArrayList<>())
                            .add(r));
            unacted.addAll(s.unacted());
        }
        hiera.setAll(global);
        perService.properties().forEach(e -> {
            if (names.contains(e.getKey())) {
                hiera.setAll((ObjectNode) e.getValue());
            } else {
                unacted.add(new UnactedOutput(
                        e.getKey(),
                        "service_config_settings",
                        "for the roles that run " + e.getKey() + "; this role does not"));
            }
        });
        return new MergedRole(
                role.name(),
                List.copyOf(names),
                hiera,
                kolla,
                puppet,
                String.join("\n", manifests),
                docker,
                bootstrap,
                tasks,
                owner,
                scripts,
                firewall.values().stream().flatMap(List::stream).toList(),
                List.copyOf(unacted));
    }

    /** Maps merge key by key, recursively; anything else (lists, scalars) from {@code from} replaces. */
    static void deepMerge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(e -> {
            JsonNode mine = into.get(e.getKey());
            if (mine != null && mine.isObject() && e.getValue().isObject()) {
                deepMerge((ObjectNode) mine, (ObjectNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /** The containers of {@code step} (empty map when the step has none). */
    public ObjectNode containers(int step) {
        return dockerConfig.getOrDefault(step, Json.object());
    }

    /** The service a container came from, for progress and reports. */
    public String serviceOf(String container) {
        return containerService.getOrDefault(container, "?");
    }
}
