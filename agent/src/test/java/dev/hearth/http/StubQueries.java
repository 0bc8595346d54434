package dev.hearth.http;

import dev.hearth.deploy.DeploymentQueries;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentState;
import dev.hearth.deploy.SignalStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Fixed records, newest first. */
public record StubQueries(List<DeploymentRecord> records) implements DeploymentQueries {
    public static StubQueries sample() {
        Instant t = Instant.parse("2026-05-01T10:00:00Z");
        return new StubQueries(List.of(
                new DeploymentRecord(
                        "d-2",
                        "ControllerDeployment_Step2",
                        "script",
                        "CREATE",
                        "push",
                        DeploymentState.FAILED,
                        t.plusSeconds(60),
                        t.plusSeconds(61),
                        t.plusSeconds(70),
                        2,
                        "deploy_status_code 2",
                        "",
                        "boom",
                        new SignalStatus("TEMP_URL_SIGNAL", "pending", 3, "HTTP 503", null)),
                new DeploymentRecord(
                        "d-1",
                        "ControllerDeployment_Step1",
                        "docker-cmd",
                        "CREATE",
                        "poll",
                        DeploymentState.SUCCEEDED,
                        t,
                        t.plusSeconds(1),
                        t.plusSeconds(5),
                        0,
                        null,
                        "ok",
                        "",
                        new SignalStatus("CFN_SIGNAL", "delivered", 1, null, t.plusSeconds(6)))));
    }

    @Override
    public List<DeploymentRecord> list() {
        return records;
    }

    @Override
    public Optional<DeploymentRecord> get(String id) {
        return records.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
