package dev.hearth.role.step;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.time.Duration;
import java.util.Locale;

/**
 * What happened to one step. {@code failedTask}, {@code outputTail} and {@code note} may be null;
 * {@code outputTail} is masked (it is shown to operators and may be stored).
 */
public record StepReport(
        int step, Status status, Duration duration, String failedTask, String outputTail, String note) {

    public enum Status {
        /** ansible-playbook ran the step and succeeded. */
        SUCCEEDED,
        /** ansible-playbook failed (or timed out); later steps did not run. */
        FAILED,
        /** The plan makes this step a no-op on this node ({@code note} says why). */
        NOT_ON_THIS_NODE,
        /** Finished by an earlier run (state file); not run again. */
        FINISHED_EARLIER,
        /** Before the requested first step and not finished earlier. */
        NOT_REQUESTED,
        /** After a failed step. */
        NOT_RUN
    }

    public StepReport {
        if (duration == null) duration = Duration.ZERO;
    }

    public static StepReport notRun(int step, Status status, String note) {
        return new StepReport(step, status, Duration.ZERO, null, null, note);
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("step", step);
        o.put("status", status.name().toLowerCase(Locale.ROOT));
        o.put("duration_ms", duration.toMillis());
        if (failedTask != null) o.put("failed_task", failedTask);
        else o.putNull("failed_task");
        if (outputTail != null) o.put("output_tail", outputTail);
        else o.putNull("output_tail");
        if (note != null) o.put("note", note);
        else o.putNull("note");
        return o;
    }
}
