package dev.hearth.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.CollectorSettings;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator-provided JSON files ({@code local.path} directories, default
 * {@code /var/lib/os-collect-config/local-data}): the files of each directory sorted by name, dot-files
 * and subdirectories skipped, deep-merged in order (a later file's {@code deployments} list replaces an
 * earlier one's, as os-collect-config's merge does; that is logged, since those deployments do not run). A directory owned by another user, a directory or
 * file writable by its group or by everyone (anyone who may write there may run code as root through
 * a deployment), or a file that is not a JSON object makes the whole source unavailable. Missing
 * directories are skipped.
 */
public final class LocalCollector implements Collector {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCollector.class);
    public static final String NAME = "local";

    private final CollectorSettings.Local settings;
    private final int uid;
    // Said once per change, not on every poll.
    private volatile List<String> lastReplaced = List.of();

    /** @param uid the user the directories must belong to (the agent's own) */
    public LocalCollector(CollectorSettings.Local settings, int uid) {
        this.settings = settings;
        this.uid = uid;
    }

    public LocalCollector(CollectorSettings.Local settings) {
        this(settings, currentUid());
    }

    /** The agent's user id, from {@code /proc/self}. */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell the agent's user id", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<JsonNode> collect() throws CollectorException {
        ObjectNode merged = Json.object();
        boolean any = false;
        Path deploymentsFrom = null;
        List<String> replaced = new ArrayList<>();
        for (Path dir : settings.path()) {
            if (!Files.isDirectory(dir)) {
                LOG.debug("local: {} does not exist, skipped", dir);
                continue;
            }
            try {
                int owner = (Integer) Files.getAttribute(dir, "unix:uid");
                if (owner != uid)
                    throw new CollectorException("local: " + dir + " is owned by uid " + owner + ", not " + uid);
                refuseWritableByOthers(dir);
                List<Path> files = new ArrayList<>();
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> !p.getFileName().toString().startsWith("."))
                            .filter(Files::isRegularFile)
                            .forEach(files::add);
                }
                files.sort((a, b) ->
                        a.getFileName().toString().compareTo(b.getFileName().toString()));
                for (Path f : files) {
                    refuseWritableByOthers(f);
                    JsonNode node;
                    try {
                        node = Json.mapper().readTree(Files.readAllBytes(f));
                    } catch (IOException e) {
                        throw new CollectorException("local: " + f + " is not valid JSON");
                    }
                    if (!(node instanceof ObjectNode o))
                        throw new CollectorException("local: " + f + " is not a JSON object");
                    if (o.has(MetadataMerge.DEPLOYMENTS)) {
                        // A list in a later file replaces the earlier one, as os-collect-config merges them.
                        if (deploymentsFrom != null
                                && !merged.path(MetadataMerge.DEPLOYMENTS).isEmpty()) {
                            replaced.add(f + " replaces the deployments of " + deploymentsFrom);
                        }
                        deploymentsFrom = f;
                    }
                    MetadataMerge.deepMerge(merged, o);
                    any = true;
                }
            } catch (IOException e) {
                throw new CollectorException("local: cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        if (!replaced.equals(lastReplaced)) {
            for (String r : replaced) {
                LOG.warn(
                        "local: {}: a later file's deployments list replaces an earlier one's, so those do not run; "
                                + "put all deployments in one file",
                        r);
            }
            lastReplaced = List.copyOf(replaced);
        }
        return any ? Optional.of(merged) : Optional.empty();
    }

    private static void refuseWritableByOthers(Path p) throws IOException, CollectorException {
        var mode = Files.getPosixFilePermissions(p);
        if (mode.contains(PosixFilePermission.OTHERS_WRITE))
            throw new CollectorException("local: " + p + " is world-writable");
        if (mode.contains(PosixFilePermission.GROUP_WRITE))
            throw new CollectorException("local: " + p + " is group-writable");
    }
}
