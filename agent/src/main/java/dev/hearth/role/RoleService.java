package dev.hearth.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * One containerised service of a role, with the TripleO outputs Hearth consumes (docs/roles.md).
 *
 * @param dockerConfig      containers per step (key: step number)
 * @param dockerPuppetTasks bootstrap task entries per step
 * @param tasks             ansible task lists by key ({@code update_tasks}, {@code upgrade_tasks},
 *                          {@code fast_forward_upgrade_tasks}), absent keys missing
 */
public record RoleService(String name, ObjectNode configSettings, String stepConfig, List<JsonNode> puppetConfig,
                          ObjectNode kollaConfig, Map<Integer, ObjectNode> dockerConfig,
                          Map<Integer, ArrayNode> dockerPuppetTasks, Map<String, ArrayNode> tasks) {
    public RoleService {
        puppetConfig = List.copyOf(puppetConfig);
        dockerConfig = Map.copyOf(dockerConfig);
        dockerPuppetTasks = Map.copyOf(dockerPuppetTasks);
        tasks = Map.copyOf(tasks);
    }
}
