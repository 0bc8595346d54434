package dev.hearth.role.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which steps of a task kind finished on this node, in {@code <stateDir>/<kind>.state.json}
 * (written atomically). The record is for one target release: a run for another release starts over.
 * <pre>{"kind": "upgrade_tasks", "release": "wallaby", "finished": [0, 1, 2],
 *  "failed_step": 3, "failed_task": "...", "updated_at": "..."}</pre>
 */
public final class StepState {
    private final Path file;

    public StepState(Path stateDir, UpgradePlan.Kind kind) {
        this.file = stateDir.resolve(kind.roleDataKey() + ".state.json");
    }

    public Path file() {
        return file;
    }

    /**
     * The steps finished for {@code plan}'s kind and release; empty when there is no record or it is
     * for another release.
     *
     * @throws IOException if the file exists but cannot be read as a state record (not silently ignored:
     *                     that would re-run finished steps); delete it or give a first step
     */
    public SortedSet<Integer> finished(UpgradePlan plan) throws IOException {
        SortedSet<Integer> steps = new TreeSet<>();
        if (!Files.exists(file)) return steps;
        JsonNode node;
        try {
            node = Json.parse(Files.readString(file));
        } catch (UncheckedIOException e) {
            throw new IOException(
                    file + " is not a valid step state record (" + e.getCause().getMessage()
                            + "); delete it or give the step to start from",
                    e);
        }
        if (!node.isObject() || !node.path("finished").isArray()) {
            throw new IOException(file + " is not a valid step state record; delete it or give the step to start from");
        }
        String release = node.path("release").isTextual() ? node.get("release").textValue() : null;
        if (!Objects.equals(release, plan.release())) return steps;
        node.get("finished").forEach(n -> steps.add(n.asInt()));
        return steps;
    }

    /** Records the finished steps (and the failure, if any) for {@code plan}. */
    public void save(UpgradePlan plan, SortedSet<Integer> finished, Integer failedStep, String failedTask)
            throws IOException {
        ObjectNode o = Json.object();
        o.put("kind", plan.kind().roleDataKey());
        if (plan.release() != null) o.put("release", plan.release());
        else o.putNull("release");
        var arr = o.putArray("finished");
        finished.forEach(arr::add);
        if (failedStep != null) o.put("failed_step", failedStep);
        if (failedTask != null) o.put("failed_task", failedTask);
        o.put("updated_at", Instant.now().toString());
        AtomicFiles.write(file, Json.writePretty(o) + "\n", AtomicFiles.FILE_0600);
    }
}
