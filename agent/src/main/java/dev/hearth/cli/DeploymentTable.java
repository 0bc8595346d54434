package dev.hearth.cli;

import dev.hearth.text.ControlCharacters;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentState;
import dev.hearth.deploy.SignalStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The table {@code hearth status} prints: newest first, failures in red when colour is on. */
final class DeploymentTable {
    static final String RED = "\u001b[31m";
    static final String RESET = "\u001b[0m";
    private static final String[] HEADER = {"ID", "NAME", "GROUP", "SOURCE", "STATE", "CODE", "SIGNAL", "FINISHED"};
    private static final int MAX_NAME = 48;

    private DeploymentTable() {}

    static String render(List<DeploymentRecord> records, boolean colour) {
        if (records.isEmpty()) return "no deployments\n";
        List<DeploymentRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(DeploymentRecord::queuedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (DeploymentRecord r : sorted) rows.add(cells(r));
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String line = line(rows.get(n), width);
            boolean highlight = colour && n > 0 && failed(sorted.get(n - 1));
            out.append(highlight ? RED + line + RESET : line).append('\n');
        }
        return out.toString();
    }

    static boolean failed(DeploymentRecord r) {
        return r.state() == DeploymentState.FAILED || r.state() == DeploymentState.INTERRUPTED
                || (r.signal() != null && SignalStatus.GIVEN_UP.equals(r.signal().state()));
    }

    /** Every text cell comes from a document: escaped, so a CR or LF in a name cannot forge a row. */
    private static String[] cells(DeploymentRecord r) {
        return new String[] {
                orDash(ControlCharacters.escape(r.id())),
                truncate(orDash(ControlCharacters.escape(r.name()))),
                orDash(ControlCharacters.escape(r.group())),
                orDash(ControlCharacters.escape(r.source())),
                r.state() == null ? "-" : r.state().wire(),
                r.statusCode() == null ? "-" : r.statusCode().toString(),
                signal(r.signal()),
                time(r.finishedAt())};
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

    private static String truncate(String s) {
        return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME - 1) + "…";
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append("  ");
            b.append(i == cells.length - 1 ? cells[i] : pad(cells[i], width[i]));
        }
        return b.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }
}
