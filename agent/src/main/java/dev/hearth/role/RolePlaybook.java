package dev.hearth.role;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;

/**
 * The playbook of a deploy-time task list ({@code host_prep_tasks}, one step of {@code deploy_steps_tasks}):
 * one play on this machine, facts not gathered, any error fatal, as TripleO's deploy steps playbook
 * runs them. Vars: {@code role_name} and {@code tripleo_role_name} (the role), {@code is_bootstrap_node},
 * and for a step {@code step}. Run by the {@code ansible} hook: the deployment's config is this document.
 */
final class RolePlaybook {
    private RolePlaybook() {}

    static ArrayNode of(String name, String role, boolean bootstrap, Integer step, ArrayNode tasks) {
        ArrayNode doc = Json.nodes().arrayNode();
        ObjectNode play = doc.addObject();
        play.put("name", name);
        play.put("hosts", "all");
        play.put("gather_facts", false);
        play.put("any_errors_fatal", true);
        ObjectNode vars = play.putObject("vars");
        vars.put("role_name", role);
        vars.put("tripleo_role_name", role);
        vars.put("is_bootstrap_node", bootstrap);
        if (step != null) vars.put("step", step);
        play.set("tasks", tasks.deepCopy());
        return doc;
    }
}
