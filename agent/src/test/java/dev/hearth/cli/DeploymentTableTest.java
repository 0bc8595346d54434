package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentState;
import dev.hearth.deploy.SignalStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentTableTest {
    @Test
    void namesFromADocumentCannotForgeRowsOrDriveTheTerminal() {
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

        String table = DeploymentTable.render(List.of(hostile), false);

        assertThat(table).doesNotContain("\r", "\u001b", "\u2028", "\u2029", "\u202e");
        assertThat(table.lines()).hasSize(2);
        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .startsWith("d-9\\r")
                .contains("web\\rd-1  fine", "\\n\\x1b[2J", "script\\u2029");
    }
}
