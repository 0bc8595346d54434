package dev.hearth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.InvalidDeploymentException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A metadata document as a collector returns it or a control plane pushes it: {@code {"deployments": [...]}}
 * (other top-level keys, such as {@code os-collect-config}, are data) or the bare list.
 */
public record MetadataDocument(JsonNode raw, List<Deployment> deployments) {

    public MetadataDocument {
        deployments = List.copyOf(deployments);
    }

    /** Parses and validates every deployment; the first problem is reported with its JSON path. */
    public static MetadataDocument parse(JsonNode doc) {
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
            throw new InvalidDeploymentException("$", "empty document");
        }
        JsonNode list;
        String base;
        if (doc.isArray()) {
            list = doc;
            base = "$";
        } else if (doc.isObject()) {
            list = doc.get("deployments");
            base = "$.deployments";
            if (list == null || list.isNull()) return new MetadataDocument(doc, List.of());
            if (!list.isArray()) throw new InvalidDeploymentException(base, "must be a list");
        } else {
            throw new InvalidDeploymentException("$", "must be an object with \"deployments\" or a list of deployments");
        }
        List<Deployment> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = base + "[" + i + "]";
            Deployment d = Deployment.fromJson(list.get(i), path);
            if (!ids.add(d.id())) throw new InvalidDeploymentException(path + ".id", "duplicate id " + d.id());
            out.add(d);
        }
        return new MetadataDocument(doc, out);
    }
}
