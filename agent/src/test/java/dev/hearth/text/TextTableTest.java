package dev.hearth.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellSoALongConfigIdKeepsTheTableAligned() {
        String configId = "0f3a7c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b"; // 36 characters, as Heat makes them
        String table = new TextTable("NAME", "CONFIG ID", "STATE", "IMAGE")
                .row("nova_api", configId, "running", "hearth-test/busybox")
                .row("keystone", "c-1", "exited(1)", "hearth-test/busybox")
                .render();
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(3);
        int state = lines.get(0).indexOf("STATE");
        assertThat(lines.get(1).indexOf("running")).isEqualTo(state);
        assertThat(lines.get(2).indexOf("exited(1)")).isEqualTo(state);
        assertThat(lines.get(1)).contains(configId + "  running");
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
    }

    @Test
    void emptyCellsShowADashAndRightAlignedColumnsLineUpOnTheRight() {
        List<String> lines = new TextTable("STEP", "TIME", "NOTE")
                .alignRight(1)
                .row("1", "0.5 s", null)
                .row("2", "120.0 s", "")
                .render()
                .lines()
                .toList();
        assertThat(lines.get(1)).isEqualTo("1       0.5 s  -");
        assertThat(lines.get(2)).isEqualTo("2     120.0 s  -");
    }

    @Test
    void highlightedRowsAreRedOnlyWithColourAndEscapesDoNotCountTowardWidths() {
        TextTable t = new TextTable("ID", "STATE").row(true, "d-1", "failed").row("d-22", "ok");
        assertThat(t.render(false)).doesNotContain("\u001b[");
        List<String> coloured = t.render(true).lines().toList();
        assertThat(coloured.get(1)).isEqualTo(TextTable.RED + "d-1   failed" + TextTable.RESET);
        assertThat(coloured.get(2)).isEqualTo("d-22  ok");
    }
}
