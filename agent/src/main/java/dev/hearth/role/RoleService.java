package dev.hearth.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.firewall.FirewallRule;
import java.util.List;
import java.util.Map;

/**
 * One containerised service of a role, with the TripleO outputs Hearth consumes (docs/roles.md).
 *
 * @param dockerConfig          containers per step (key: step number, 0..5)
 * @param dockerPuppetTasks     bootstrap task entries per step ({@code docker_puppet_tasks} and its later
 *                              name {@code container_puppet_tasks})
 * @param tasks                 ansible task lists by key ({@code host_prep_tasks}, {@code deploy_steps_tasks},
 *                              {@code update_tasks}, ...), absent keys missing
 * @param configScripts         {@code container_config_scripts} then {@code docker_config_scripts}: where → name → {@code mode}, {@code content}
 * @param globalConfigSettings  hiera for every role
 * @param serviceConfigSettings service name → hiera for the roles that run that service
 * @param firewallRules         its {@code firewall_rules}, one per rule and IP version
 * @param unacted               outputs not acted on, with the reason
 */
public record RoleService(
        String name,
        ObjectNode configSettings,
        String stepConfig,
        List<JsonNode> puppetConfig,
        ObjectNode kollaConfig,
        Map<Integer, ObjectNode> dockerConfig,
        Map<Integer, ArrayNode> dockerPuppetTasks,
        Map<String, ArrayNode> tasks,
        Map<String, ObjectNode> configScripts,
        ObjectNode globalConfigSettings,
        ObjectNode serviceConfigSettings,
        List<FirewallRule> firewallRules,
        List<UnactedOutput> unacted) {
    public RoleService {
        puppetConfig = List.copyOf(puppetConfig);
        dockerConfig = Map.copyOf(dockerConfig);
        dockerPuppetTasks = Map.copyOf(dockerPuppetTasks);
        tasks = Map.copyOf(tasks);
        configScripts = Map.copyOf(configScripts);
        firewallRules = List.copyOf(firewallRules);
        unacted = List.copyOf(unacted);
    }
}
