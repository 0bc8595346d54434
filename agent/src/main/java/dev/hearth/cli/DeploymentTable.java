package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentState;
import dev.hearth.deploy.SignalStatus;
import dev.hearth.text.TextTable;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The table {@code hearth status} prints from the agent's answer to GET /v1/deployments: newest first,
 * failures in red when colour is on. It reads the answer's tree, not {@link DeploymentRecord}s: binding
 * the list built Jackson's record and java.time deserializers on every run, about 140 ms of CPU of a
 * short command that prints eight fields (docs/INSTALL.md, "Footprint").
 */
final class DeploymentTable {
    static final String RED = TextTable.RED;
    static final String RESET = TextTable.RESET;
    private static final String[] HEADER = {"ID", "NAME", "GROUP", "SOURCE", "STATE", "CODE", "SIGNAL", "FINISHED"};
    private static final int MAX_NAME = 48;

    /** The fields of one deployment the table shows, as the agent wrote them. */
    private record Row(
            String id,
            String name,
            String group,
            String source,
            String state,
            Integer statusCode,
            String signalState,
            int signalAttempts,
            Instant queuedAt,
            Instant finishedAt) {}

    private DeploymentTable() {}

    /** @throws IOException when the answer is not a list of deployments (a field of the wrong kind). */
    static String render(JsonNode answer, boolean colour) throws IOException {
        if (!answer.isArray()) throw new IOException("not a list");
        if (answer.isEmpty()) return "no deployments\n";
        List<Row> rows = new ArrayList<>(answer.size());
        for (int i = 0; i < answer.size(); i++) rows.add(row(answer.get(i), "[" + i + "]"));
        rows.sort(Comparator.comparing(Row::queuedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        TextTable table = new TextTable(HEADER);
        for (Row r : rows) table.row(failed(r), cells(r));
        return table.render(colour);
    }

    private static Row row(JsonNode d, String at) throws IOException {
        if (!d.isObject()) throw new IOException(at + " is not a deployment");
        JsonNode signal = d.path("signal");
        if (!signal.isMissingNode() && !signal.isNull() && !signal.isObject())
            throw new IOException(at + ".signal is not an object");
        JsonNode attempts = signal.path("attempts");
        if (!attempts.isMissingNode() && !attempts.isNull() && !attempts.canConvertToInt())
            throw new IOException(at + ".signal.attempts is not a number");
        JsonNode code = d.path("status_code");
        if (!code.isMissingNode() && !code.isNull() && !(code.isIntegralNumber() && code.canConvertToInt()))
            throw new IOException(at + ".status_code is not a number");
        return new Row(
                text(d, "id", at),
                text(d, "name", at),
                text(d, "group", at),
                text(d, "source", at),
                text(d, "state", at),
                code.isIntegralNumber() ? code.intValue() : null,
                signal.isObject() ? text(signal, "state", at + ".signal") : null,
                attempts.isNumber() ? attempts.intValue() : 0,
                instant(d, "queued_at", at),
                instant(d, "finished_at", at));
    }

    private static String text(JsonNode d, String field, String at) throws IOException {
        JsonNode v = d.path(field);
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isTextual()) throw new IOException(at + "." + field + " is not text");
        return v.textValue();
    }

    private static Instant instant(JsonNode d, String field, String at) throws IOException {
        String t = text(d, field, at);
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IOException(at + "." + field + " is not a time");
        }
    }

    private static boolean failed(Row r) {
        return DeploymentState.FAILED.wire().equals(r.state())
                || DeploymentState.INTERRUPTED.wire().equals(r.state())
                || SignalStatus.GIVEN_UP.equals(r.signalState());
    }

    /** Every text cell comes from a document: escaped, so a CR or LF in a name cannot forge a row. */
    private static String[] cells(Row r) {
        return new String[] {
            orDash(r.id()),
            TextTable.truncate(orDash(r.name()), MAX_NAME),
            orDash(r.group()),
            orDash(r.source()),
            orDash(r.state()),
            r.statusCode() == null ? "-" : r.statusCode().toString(),
            signal(r),
            time(r.finishedAt())
        };
    }

    private static String signal(Row r) {
        if (r.signalState() == null) return "-";
        if (SignalStatus.PENDING.equals(r.signalState()) && r.signalAttempts() > 0) {
            return r.signalState() + " (" + r.signalAttempts() + (r.signalAttempts() == 1 ? " attempt)" : " attempts)");
        }
        return r.signalState();
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
