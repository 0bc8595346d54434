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

    /** A deployment of a polled document that cannot run; {@code forSignal} is set when it can still be failed in Heat. */
    public record Invalid(String path, String reason, Deployment forSignal) {}

    /** A polled document: the valid deployments run, the invalid ones are reported (and failed where possible). */
    public record Tolerant(MetadataDocument valid, List<Invalid> invalid) {}

    /**
     * Parses what a collector returned without letting one bad deployment stop the others. A bad
     * deployment that has a usable id is kept as a stub (group {@code invalid}) so it can be marked
     * and signalled failed with the reason; without an id it can only be logged.
     */
    public static Tolerant parseTolerant(JsonNode doc) {
        JsonNode list = doc != null && doc.isObject() ? doc.get("deployments") : doc;
        if (list == null || list.isNull()) return new Tolerant(new MetadataDocument(doc, List.of()), List.of());
        if (!list.isArray()) {
            return new Tolerant(
                    new MetadataDocument(doc, List.of()),
                    List.of(new Invalid("$.deployments", "must be a list", null)));
        }
        String base = doc.isArray() ? "$" : "$.deployments";
        List<Deployment> ok = new ArrayList<>();
        List<Invalid> bad = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = base + "[" + i + "]";
            JsonNode item = list.get(i);
            try {
                Deployment d = Deployment.fromJson(item, path);
                if (!ids.add(d.id())) throw new InvalidDeploymentException(path + ".id", "duplicate id " + d.id());
                ok.add(d);
            } catch (InvalidDeploymentException e) {
                bad.add(new Invalid(e.path(), e.getMessage(), stub(item)));
            }
        }
        return new Tolerant(new MetadataDocument(doc, ok), bad);
    }

    private static Deployment stub(JsonNode item) {
        if (item == null || !item.isObject()) return null;
        com.fasterxml.jackson.databind.node.ObjectNode copy = dev.hearth.json.Json.object();
        copy.set("id", item.get("id"));
        if (item.path("name").isTextual()) copy.set("name", item.get("name"));
        copy.put("group", "invalid");
        com.fasterxml.jackson.databind.node.ArrayNode inputs = copy.putArray("inputs");
        JsonNode in = item.get("inputs");
        if (in != null && in.isArray()) {
            for (JsonNode x : in) if (x.isObject() && x.path("name").isTextual()) inputs.add(x);
        }
        try {
            return Deployment.fromJson(copy, "$");
        } catch (InvalidDeploymentException e) {
            return null;
        }
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
            throw new InvalidDeploymentException(
                    "$", "must be an object with \"deployments\" or a list of deployments");
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
