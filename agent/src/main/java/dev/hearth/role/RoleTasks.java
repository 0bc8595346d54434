package dev.hearth.role;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import dev.hearth.role.step.ServiceTasks;
import dev.hearth.role.step.StepTarget;
import dev.hearth.role.step.UpgradePlan;
import java.util.ArrayList;
import java.util.List;

/**
 * A role document's ansible task lists for the step engine ({@link dev.hearth.role.step.StepRunner}):
 * each service's {@code update_tasks}, {@code upgrade_tasks} or {@code fast_forward_upgrade_tasks},
 * and the target with the role's merged hiera as the var {@code service_configs}.
 */
public final class RoleTasks {
    private RoleTasks() {}

    public static List<ServiceTasks> of(RoleDocument role, UpgradePlan.Kind kind) {
        List<ServiceTasks> out = new ArrayList<>();
        for (RoleService s : role.services()) {
            var tasks = s.tasks().get(kind.roleDataKey());
            if (tasks != null && !tasks.isEmpty()) out.add(ServiceTasks.of(s.name(), tasks));
        }
        return out;
    }

    /** Vars: {@code service_configs} (the role's hiera), {@code hiera_dir} (where {@code overrides.json} goes). */
    public static StepTarget target(MergedRole role, String nodeName, java.nio.file.Path hieraDir) {
        ObjectNode vars = Json.object();
        vars.set("service_configs", role.hiera());
        vars.put("hiera_dir", hieraDir.toString());
        return new StepTarget(role.name(), nodeName, vars);
    }
}
