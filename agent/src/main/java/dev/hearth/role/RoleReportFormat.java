package dev.hearth.role;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.deploy.Outcome;
import dev.hearth.json.Json;
import dev.hearth.text.ControlCharacters;
import dev.hearth.text.TextTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/** The summary table a terminal gets and the {@code --json} report. */
public final class RoleReportFormat {
    private RoleReportFormat() {}

    /** The summary table, for {@code out.print}. */
    public static String table(RoleReport r) {
        java.io.StringWriter text = new java.io.StringWriter();
        table(r, new PrintWriter(text));
        return text.toString();
    }

    private static void table(RoleReport r, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%nrole %s: %s in %s (%d deployment(s) ran%s)%n",
                ControlCharacters.escape(r.role()),
                r.succeeded() ? "deployed" : "FAILED",
                seconds(r.elapsed()),
                r.ran(),
                r.bootstrap() ? ", bootstrap node" : "");
        TextTable table = new TextTable("PHASE", "RESULT", "TIME", "DEPLOYMENTS").alignRight(2);
        for (RoleReport.Phase p : r.phases()) {
            String deployments = p.deployments().isEmpty()
                    ? "-"
                    : p.deployments().stream()
                            .map(o -> o.group() + (o.ran() ? (o.failed() ? " FAILED" : "") : " (unchanged)"))
                            .collect(Collectors.joining(", "));
            table.row(
                    p.phase(),
                    p.result().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    p.result() == RoleReport.Result.NOT_RUN ? "-" : seconds(p.duration()),
                    deployments);
        }
        out.print(table.render());
        boolean header = false;
        for (RoleReport.Phase p : r.phases()) {
            for (String c : p.changes()) {
                if (!header) out.println("changes:");
                header = true;
                out.println("  " + p.phase() + " " + ControlCharacters.escape(c));
            }
        }
        for (String line : r.removed()) {
            if (!header) out.println("changes:");
            header = true;
            out.println("  cleanup " + ControlCharacters.escape(line));
        }
        if (!header && r.succeeded()) out.println("nothing changed");
        if (!r.unacted().isEmpty()) {
            out.println("not acted on (" + r.unacted().size() + "):");
            r.unacted().forEach(u -> out.println("  " + ControlCharacters.escape(u.line())));
        }
        for (RoleReport.Phase p : r.phases()) {
            if (p.error() != null) {
                out.println(p.phase() + " failed; the following steps did not run.");
                p.error().lines().forEach(l -> out.println("  | " + ControlCharacters.escape(l)));
            }
        }
        out.flush();
    }

    public static ObjectNode json(RoleReport r) {
        ObjectNode root = Json.object();
        root.put("role", r.role());
        root.put("succeeded", r.succeeded());
        root.put("bootstrap", r.bootstrap());
        root.put("seconds", secs(r.elapsed()));
        root.put("deployments_ran", r.ran());
        ArrayNode phases = root.putArray("phases");
        for (RoleReport.Phase p : r.phases()) {
            ObjectNode o = phases.addObject();
            o.put("phase", p.phase());
            o.put("result", p.result().name().toLowerCase(Locale.ROOT));
            o.put("seconds", secs(p.duration()));
            ArrayNode ds = o.putArray("deployments");
            for (Outcome d : p.deployments()) {
                ObjectNode x = ds.addObject();
                x.put("id", d.id());
                x.put("name", d.name());
                x.put("group", d.group());
                x.put("ran", d.ran());
                x.put("state", d.state() == null ? null : d.state().wire());
                x.put("status_code", d.statusCode());
                x.put("note", d.note());
            }
            ArrayNode changes = o.putArray("changes");
            p.changes().forEach(changes::add);
            if (p.error() != null) o.put("error", p.error());
        }
        ArrayNode removed = root.putArray("removed");
        r.removed().forEach(removed::add);
        ArrayNode unacted = root.putArray("not_acted_on");
        r.unacted()
                .forEach(u -> unacted.addObject()
                        .put("service", u.service())
                        .put("output", u.output())
                        .put("reason", u.reason()));
        return root;
    }

    private static double secs(Duration d) {
        return Math.round(d.toMillis() / 100.0) / 10.0;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
