package dev.hearth.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What Hearth knows of one deployment id: its marker on disk (state/deployments/&lt;id&gt;.json, 0600)
 * and what the status API shows. Output tails are masked before they get here; a record never
 * holds a secret.
 *
 * @param source where the deployment came from: the collector by name ({@code heat}, {@code cfn}, {@code local}, ...),
 *               {@code push}, {@code apply}, {@code heat-config} (adopted marker)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentRecord(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("group") String group,
        @JsonProperty("action") String action,
        @JsonProperty("source") String source,
        @JsonProperty("state") DeploymentState state,
        @JsonProperty("queued_at") Instant queuedAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("status_code") Integer statusCode,
        @JsonProperty("reason") String reason,
        @JsonProperty("stdout_tail") String stdoutTail,
        @JsonProperty("stderr_tail") String stderrTail,
        @JsonProperty("signal") SignalStatus signal) {

    public DeploymentRecord withState(DeploymentState s) {
        return new DeploymentRecord(
                id,
                name,
                group,
                action,
                source,
                s,
                queuedAt,
                startedAt,
                finishedAt,
                statusCode,
                reason,
                stdoutTail,
                stderrTail,
                signal);
    }

    public DeploymentRecord withSignal(SignalStatus s) {
        return new DeploymentRecord(
                id,
                name,
                group,
                action,
                source,
                state,
                queuedAt,
                startedAt,
                finishedAt,
                statusCode,
                reason,
                stdoutTail,
                stderrTail,
                s);
    }

    public DeploymentRecord started(Instant at) {
        return new DeploymentRecord(
                id,
                name,
                group,
                action,
                source,
                DeploymentState.RUNNING,
                queuedAt,
                at,
                null,
                null,
                null,
                null,
                null,
                signal);
    }

    public DeploymentRecord finished(
            DeploymentState s, Instant at, int code, String why, String stdout, String stderr) {
        return new DeploymentRecord(
                id, name, group, action, source, s, queuedAt, startedAt, at, code, why, stdout, stderr, signal);
    }
}
