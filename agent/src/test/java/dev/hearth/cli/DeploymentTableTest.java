package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentState;
import dev.hearth.deploy.SignalStatus;
import dev.hearth.http.HttpJson;
import dev.hearth.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentTableTest {
    @Test
    void namesFromADocumentCannotForgeRowsOrDriveTheTerminal() throws IOException {
        Instant t = Instant.parse("2026-05-01T10:00:00Z");
        DeploymentRecord hostile = new DeploymentRecord(
                "d-9\r",
                "web\rd-1  fine  script  succeeded\n\u001b[2J\u2028\u202e",
                "script\u2029",
                "CREATE",
                "push",
                DeploymentState.SUCCEEDED,
                t,
                t,
                t.plusSeconds(1),
                0,
                null,
                "",
                "",
                new SignalStatus("NO_SIGNAL", "none", 0, null, null));

        // What the agent answers to GET /v1/deployments.
        String table = DeploymentTable.render(HttpJson.mapper().valueToTree(List.of(hostile)), false);

        assertThat(table).doesNotContain("\r", "\u001b", "\u2028", "\u2029", "\u202e");
        assertThat(table.lines()).hasSize(2);
        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .startsWith("d-9\\r")
                .contains("web\\rd-1  fine", "\\n\\x1b[2J", "script\\u2029");
    }

    @Test
    void newestFirstWithFailuresAndGivenUpSignalsMarked() throws IOException {
        Instant t = Instant.parse("2026-05-01T10:00:00Z");
        DeploymentRecord older = new DeploymentRecord(
                "d-1",
                "a",
                "script",
                "CREATE",
                "heat",
                DeploymentState.FAILED,
                t,
                t,
                t.plusSeconds(2),
                1,
                null,
                "",
                "",
                new SignalStatus("HEAT_SIGNAL", SignalStatus.PENDING, 3, null, null));
        DeploymentRecord newer = new DeploymentRecord(
                "d-2",
                "b",
                "script",
                "CREATE",
                "heat",
                DeploymentState.SUCCEEDED,
                t.plusSeconds(60),
                null,
                t.plusSeconds(61).plusMillis(500),
                0,
                null,
                "",
                "",
                new SignalStatus("HEAT_SIGNAL", SignalStatus.GIVEN_UP, 0, null, null));
        DeploymentRecord queued = new DeploymentRecord(
                "d-3",
                "c",
                "script",
                "CREATE",
                "push",
                DeploymentState.QUEUED,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        String table = DeploymentTable.render(HttpJson.mapper().valueToTree(List.of(older, queued, newer)), true);

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1))
                .startsWith(DeploymentTable.RED + "d-2")
                .contains("succeeded", "given_up", "2026-05-01T10:01:01Z");
        assertThat(lines.get(2)).startsWith(DeploymentTable.RED + "d-1").contains("failed", "pending (3 attempts)");
        assertThat(lines.get(3)).startsWith("d-3").contains("queued", "-");
    }

    @Test
    void anAnswerThatIsNoDeploymentListIsRefusedByPathWithoutQuotingIt() {
        for (String answer : List.of(
                "{\"id\": \"hunter2\"}",
                "[{\"id\": 5}]",
                "[{\"id\": \"a\"}, {\"id\": \"b\", \"queued_at\": \"hunter2\"}]",
                "[{\"id\": \"a\", \"signal\": {\"attempts\": \"hunter2\"}}]")) {
            assertThatThrownBy(() -> DeploymentTable.render(Json.parse(answer), false))
                    .as(answer)
                    .isInstanceOf(IOException.class)
                    .hasMessageNotContaining("hunter2");
        }
        assertThatThrownBy(() -> DeploymentTable.render(Json.parse("[{\"id\": \"a\"}, {\"queued_at\": \"x\"}]"), false))
                .hasMessage("[1].queued_at is not a time");
    }

    @Test
    void anEmptyListSaysSo() throws IOException {
        assertThat(DeploymentTable.render(Json.parse("[]"), false)).isEqualTo("no deployments\n");
    }
}
