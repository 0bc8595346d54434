package dev.hearth.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Deployment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * os-apply-config's merge and os-collect-config's deployment explosion (docs/heat-protocol.md#explosion-and-merge).
 * Pure functions.
 */
public final class MetadataMerge {
    /** Groups whose deployments' {@code config} maps are merged into the top level. */
    public static final Set<String> EXPLODED_GROUPS = Set.of("os-apply-config", Deployment.UNGROUPED);

    public static final String DEPLOYMENTS = "deployments";

    private MetadataMerge() {}

    /** Merges {@code source} into {@code target}: maps deep-merged, anything else (lists too) replaced. */
    public static ObjectNode deepMerge(ObjectNode target, ObjectNode source) {
        Iterator<Map.Entry<String, JsonNode>> it = source.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode so) {
                deepMerge(eo, so);
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return target;
    }

    /**
     * The {@code config} maps of the deployments that os-collect-config writes as their own cache files:
     * named deployments whose group is {@code os-apply-config}, {@code Heat::Ungrouped} or missing.
     */
    public static List<ObjectNode> explodedConfigs(JsonNode document) {
        List<ObjectNode> out = new ArrayList<>();
        JsonNode deployments = document.path(DEPLOYMENTS);
        if (!deployments.isArray()) return out;
        for (JsonNode d : deployments) {
            if (!d.path("name").isTextual()) continue;
            String group = d.path("group").isTextual() ? d.get("group").textValue() : Deployment.UNGROUPED;
            if (EXPLODED_GROUPS.contains(group) && d.get("config") instanceof ObjectNode config) out.add(config);
        }
        return out;
    }
}
