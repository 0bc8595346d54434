package dev.hearth.cli;

import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentState;
import dev.hearth.deploy.SignalStatus;
import dev.hearth.text.TextTable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The table {@code hearth status} prints: newest first, failures in red when colour is on. */
final class DeploymentTable {
    static final String RED = TextTable.RED;
    static final String RESET = TextTable.RESET;
    private static final String[] HEADER = {"ID", "NAME", "GROUP", "SOURCE", "STATE", "CODE", "SIGNAL", "FINISHED"};
    private static final int MAX_NAME = 48;

    private DeploymentTable() {}

    static String render(List<DeploymentRecord> records, boolean colour) {
        if (records.isEmpty()) return "no deployments\n";
        List<DeploymentRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(DeploymentRecord::queuedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        TextTable table = new TextTable(HEADER);
        for (DeploymentRecord r : sorted) table.row(failed(r), cells(r));
        return table.render(colour);
    }

    static boolean failed(DeploymentRecord r) {
        return r.state() == DeploymentState.FAILED
                || r.state() == DeploymentState.INTERRUPTED
                || (r.signal() != null
                        && SignalStatus.GIVEN_UP.equals(r.signal().state()));
    }

    /** Every text cell comes from a document: escaped, so a CR or LF in a name cannot forge a row. */
    private static String[] cells(DeploymentRecord r) {
        return new String[] {
            orDash(r.id()),
            TextTable.truncate(orDash(r.name()), MAX_NAME),
            orDash(r.group()),
            orDash(r.source()),
            r.state() == null ? "-" : r.state().wire(),
            r.statusCode() == null ? "-" : r.statusCode().toString(),
            signal(r.signal()),
            time(r.finishedAt())
        };
    }

    private static String signal(SignalStatus s) {
        if (s == null || s.state() == null) return "-";
        if (SignalStatus.PENDING.equals(s.state()) && s.attempts() > 0) {
            return s.state() + " (" + s.attempts() + (s.attempts() == 1 ? " attempt)" : " attempts)");
        }
        return s.state();
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
