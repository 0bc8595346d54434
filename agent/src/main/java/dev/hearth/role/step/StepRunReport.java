package dev.hearth.role.step;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.util.List;
import java.util.Optional;

/** The outcome of one {@link StepRunner#run}: one report per planned step, in step order. */
public record StepRunReport(String kind, String release, String nodeName, List<StepReport> steps) {

    public StepRunReport {
        steps = List.copyOf(steps);
    }

    public boolean succeeded() {
        return steps.stream().noneMatch(StepReport::failed);
    }

    public Optional<StepReport> failedStep() {
        return steps.stream().filter(StepReport::failed).findFirst();
    }

    public Optional<StepReport> step(int number) {
        return steps.stream().filter(s -> s.step() == number).findFirst();
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("kind", kind);
        if (release != null) o.put("release", release);
        else o.putNull("release");
        o.put("node_name", nodeName);
        o.put("succeeded", succeeded());
        ArrayNode arr = o.putArray("steps");
        steps.forEach(s -> arr.add(s.toJson()));
        return o;
    }
}
