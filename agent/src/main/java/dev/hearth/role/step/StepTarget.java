package dev.hearth.role.step;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;

/**
 * Where the steps run: the role and node names handed to the tasks as {@code role_name} and
 * {@code node_name}, and extra vars for the tasks (e.g. the role's settings). Extra vars may hold
 * secrets: they go to the run in a 0600 file and are masked (by name) in anything displayed.
 */
public record StepTarget(String roleName, String nodeName, ObjectNode extraVars) {

    public StepTarget {
        if (roleName == null || roleName.isBlank()) throw new IllegalArgumentException("role name is required");
        if (nodeName == null || nodeName.isBlank()) throw new IllegalArgumentException("node name is required");
        extraVars = extraVars == null ? Json.object() : extraVars.deepCopy();
    }

    public StepTarget(String roleName, String nodeName) {
        this(roleName, nodeName, null);
    }

    @Override
    public ObjectNode extraVars() {
        return extraVars.deepCopy();
    }
}
