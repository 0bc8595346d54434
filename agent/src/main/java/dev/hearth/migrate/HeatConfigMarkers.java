package dev.hearth.migrate;

import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes heat-config's markers for the deployments Hearth ran, so that the Python agent, once back,
 * runs none of them again (docs/INSTALL.md#migrating-from-os-collect-config). heat-config skips an id
 * whose {@code <deployed>/<id>.json} exists, whatever it holds; Hearth keeps no deployment body (it
 * holds credentials), so the marker holds the id, name and group, and {@code <id>.notify.json} the
 * result in a hook's response keys. Both are written as heat-config writes them: mode 0600, in a 0700
 * directory, JSON with two-space indentation and ASCII escapes. An existing marker is never replaced.
 */
public final class HeatConfigMarkers {
    private final Path deployedDir;

    public HeatConfigMarkers(Path deployedDir) {
        this.deployedDir = deployedDir;
    }

    /**
     * The markers of one run.
     *
     * @param written ids given a marker now; {@code present} ids that had one already
     */
    public record Outcome(List<String> written, List<String> present) {}

    public Outcome write(List<DeploymentRecord> records, boolean dryRun) throws IOException {
        List<String> written = new java.util.ArrayList<>();
        List<String> present = new java.util.ArrayList<>();
        for (DeploymentRecord r : records) {
            if (r.id() == null || r.id().isEmpty() || r.id().contains("/") || r.id().startsWith(".")) continue;
            Path marker = deployedDir.resolve(r.id() + ".json");
            if (Files.exists(marker)) {
                present.add(r.id());
                continue;
            }
            written.add(r.id());
            if (dryRun) continue;
            AtomicFiles.ensureDirectory(deployedDir, AtomicFiles.DIR_0700);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", r.id());
            body.put("name", r.name() == null ? r.id() : r.name());
            body.put("group", r.group() == null ? "Heat::Ungrouped" : r.group());
            if (r.statusCode() != null) {
                Map<String, Object> notify = new LinkedHashMap<>();
                notify.put("deploy_stdout", r.stdoutTail() == null ? "" : r.stdoutTail());
                notify.put("deploy_stderr", r.stderrTail() == null ? "" : r.stderrTail());
                notify.put("deploy_status_code", r.statusCode());
                AtomicFiles.write(
                        deployedDir.resolve(r.id() + ".notify.json"), pythonJson(notify), AtomicFiles.FILE_0600);
            }
            // the marker last: it is what says "ran"
            AtomicFiles.write(marker, pythonJson(body), AtomicFiles.FILE_0600);
        }
        return new Outcome(List.copyOf(written), List.copyOf(present));
    }

    /** A flat object as Python's {@code json.dump(o, f, indent=2, separators=(',', ': '))} writes it. */
    static String pythonJson(Map<String, Object> o) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : o.entrySet()) {
            b.append(first ? "\n  " : ",\n  ");
            first = false;
            quote(b, e.getKey());
            b.append(": ");
            if (e.getValue() instanceof Number n) b.append(n);
            else quote(b, String.valueOf(e.getValue()));
        }
        return b.append(o.isEmpty() ? "}" : "\n}").toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
