package dev.hearth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On first start, takes over the markers of the Python agent ({@code /var/lib/heat-config/deployed/<id>.json},
 * docs/heat-protocol.md#markers-and-re-runs), so that a node moved to Hearth re-runs nothing. The Python marker files
 * hold the deployment with its credentials; Hearth only reads their ids and results.
 */
public final class HeatConfigAdoption {
    private static final Logger log = LoggerFactory.getLogger(HeatConfigAdoption.class);

    private HeatConfigAdoption() {}

    /** A marker of the Python agent: a deployment it ran, with its group ("unknown" when the file is empty). */
    public record Marker(String id, String group) {}

    /**
     * The markers {@link #adoptOnce} would take over from {@code deployedDir}, without touching anything
     * (what {@code hearth migrate --dry-run} reports). Missing directory: none.
     */
    public static java.util.List<Marker> markers(Path deployedDir) throws IOException {
        java.util.List<Marker> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(deployedDir)) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(deployedDir, "*.json")) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                if (file.endsWith(".notify.json")) continue;
                String id = file.substring(0, file.length() - ".json".length());
                String group = "unknown";
                try {
                    group = Json.parse(Files.readString(f)).path("group").asText(group);
                } catch (RuntimeException | IOException unreadable) {
                    // an empty marker still means "ran"; its group is not known
                }
                out.add(new Marker(id, group));
            }
        }
        out.sort(java.util.Comparator.comparing(Marker::id));
        return out;
    }

    /**
     * Adopts heat-config's deployed markers, once.
     *
     * @return how many markers were adopted (0 when already done or nothing to adopt)
     */
    public static int adoptOnce(Path deployedDir, DeploymentStore store, Path stateDir) throws IOException {
        Path flag = stateDir.resolve("heat-config-adopted");
        if (Files.exists(flag)) return 0;
        int adopted = 0;
        if (Files.isDirectory(deployedDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(deployedDir, "*.json")) {
                for (Path f : files) {
                    String file = f.getFileName().toString();
                    if (file.endsWith(".notify.json")) continue;
                    String id = file.substring(0, file.length() - ".json".length());
                    if (store.hasRun(id)) continue;
                    String name = id;
                    String group = "unknown";
                    try {
                        JsonNode d = Json.parse(Files.readString(f));
                        name = d.path("name").asText(id);
                        group = d.path("group").asText(group);
                    } catch (RuntimeException | IOException unreadable) {
                        // An empty marker (heat-config-rebuild-deployed) still means "ran".
                    }
                    Integer code = null;
                    Path notify = deployedDir.resolve(id + ".notify.json");
                    if (Files.isRegularFile(notify)) {
                        try {
                            code = new HookResponse((com.fasterxml.jackson.databind.node.ObjectNode)
                                            Json.parse(Files.readString(notify)))
                                    .statusCode();
                        } catch (RuntimeException | IOException ignored) {
                            // no usable result; the id is still adopted as done
                        }
                    }
                    Instant when = Files.getLastModifiedTime(f).toInstant();
                    DeploymentState state =
                            code == null || code == 0 ? DeploymentState.SUCCEEDED : DeploymentState.FAILED;
                    store.save(new DeploymentRecord(
                            id,
                            name,
                            group,
                            null,
                            "heat-config",
                            state,
                            when,
                            when,
                            when,
                            code,
                            "adopted from " + deployedDir,
                            null,
                            null,
                            new SignalStatus(null, SignalStatus.DELIVERED, 0, null, null)));
                    adopted++;
                }
            }
            if (adopted > 0)
                log.info("adopted {} deployment markers of the Python agent from {}", adopted, deployedDir);
        }
        AtomicFiles.write(flag, Instant.now() + "\n", AtomicFiles.FILE_0600);
        return adopted;
    }
}
