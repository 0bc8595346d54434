package dev.hearth.role.step;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hearth.json.Json;
import dev.hearth.secret.Secrets;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The playbook of one step: a single play on this machine whose vars are {@code step},
 * {@code role_name}, {@code node_name}, {@code is_bootstrap_node} and {@code release} (when given),
 * and whose tasks are all services' tasks in service order, each keeping its own {@code when}.
 * Facts are not gathered unless asked (as TripleO's {@code gather_facts | default(false)}).
 */
public record StepPlaybook(String name, ObjectNode vars, boolean gatherFacts, List<ServiceTasks> services) {

    /** Multi-line strings (shell scripts in tasks) as literal blocks, so a kept playbook reads like the source. */
    private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();

    public StepPlaybook {
        vars = vars.deepCopy();
        services = List.copyOf(services);
    }

    public static StepPlaybook forStep(
            UpgradePlan plan, int step, StepTarget target, List<ServiceTasks> services, boolean gatherFacts) {
        ObjectNode vars = Json.object();
        vars.put("step", step);
        vars.put("role_name", target.roleName());
        vars.put("node_name", target.nodeName());
        vars.put("is_bootstrap_node", plan.bootstrapNode());
        if (plan.release() != null && !plan.release().isBlank()) vars.put("release", plan.release());
        String name = plan.kind().roleDataKey() + " step " + step + " (role " + target.roleName() + ", node "
                + target.nodeName() + ")";
        return new StepPlaybook(name, vars, gatherFacts, services);
    }

    @Override
    public ObjectNode vars() {
        return vars.deepCopy();
    }

    public int taskCount() {
        return services.stream().mapToInt(s -> s.tasks().size()).sum();
    }

    /** The playbook as a document: a list with one play. */
    public ArrayNode document() {
        ArrayNode doc = Json.nodes().arrayNode();
        ObjectNode play = doc.addObject();
        play.put("name", name);
        play.put("hosts", "all");
        play.put("gather_facts", gatherFacts);
        play.put("any_errors_fatal", true);
        play.set("vars", vars.deepCopy());
        ArrayNode tasks = play.putArray("tasks");
        for (ServiceTasks s : services) tasks.addAll(s.tasks());
        return doc;
    }

    public String yaml() {
        return write(document());
    }

    /** The YAML with secret-named keys and known secret values masked: for display, not for running. */
    public String yaml(Secrets secrets) {
        return "# Secrets masked for display; the playbook that ran had the values.\n"
                + write(secrets.mask(document()));
    }

    static String write(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
