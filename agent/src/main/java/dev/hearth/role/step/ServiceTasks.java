package dev.hearth.role.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One service's task list of one kind ({@code update_tasks}, {@code upgrade_tasks} or
 * {@code fast_forward_upgrade_tasks} of its {@code role_data}). Each task is an Ansible task map,
 * kept as given: its own {@code when} (e.g. {@code step|int == 2}) decides the step it runs in.
 */
public record ServiceTasks(String service, List<ObjectNode> tasks) {

    public ServiceTasks {
        if (service == null || service.isBlank()) throw new IllegalArgumentException("service name is required");
        List<ObjectNode> copies = new ArrayList<>();
        for (ObjectNode t : tasks) copies.add(t.deepCopy());
        tasks = List.copyOf(copies);
    }

    /**
     * The tasks of {@code service} from a role_data value: a list of maps; null or missing means none.
     *
     * @throws IllegalArgumentException naming the service and the index of what is not a task map
     */
    public static ServiceTasks of(String service, JsonNode list) {
        List<ObjectNode> tasks = new ArrayList<>();
        if (list != null && !list.isNull() && !list.isMissingNode()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException(
                        service + ": the task list must be a list, not " + list.getNodeType());
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode t = list.get(i);
                if (!t.isObject()) {
                    throw new IllegalArgumentException(
                            service + "[" + i + "]: a task must be a map, not " + t.getNodeType());
                }
                tasks.add((ObjectNode) t);
            }
        }
        return new ServiceTasks(service, tasks);
    }

    @Override
    public List<ObjectNode> tasks() {
        List<ObjectNode> copies = new ArrayList<>();
        for (ObjectNode t : tasks) copies.add(t.deepCopy());
        return copies;
    }
}
