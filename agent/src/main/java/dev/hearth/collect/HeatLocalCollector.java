package dev.hearth.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.CollectorSettings;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot metadata cloud-init wrote ({@code /var/lib/heat-cfntools/cfn-init-data}): each file of
 * {@code heat_local.path} in order, later top-level keys replacing earlier ones. A file that is not a
 * JSON object is skipped; no file at all means not configured; files but none usable is an error.
 * A file owned by another user than the agent's (root), or writable by its group or everyone, is
 * refused (skipped with a warning): whoever may write it may run code as root through a deployment.
 */
public final class HeatLocalCollector implements Collector {
    private static final Logger LOG = LoggerFactory.getLogger(HeatLocalCollector.class);
    public static final String NAME = "heat_local";

    private final CollectorSettings.HeatLocal settings;
    private final int uid;

    /** @param uid the user the files must belong to (the agent's own) */
    public HeatLocalCollector(CollectorSettings.HeatLocal settings, int uid) {
        this.settings = settings;
        this.uid = uid;
    }

    public HeatLocalCollector(CollectorSettings.HeatLocal settings) {
        this(settings, LocalCollector.currentUid());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<JsonNode> collect() throws CollectorException {
        ObjectNode merged = Json.object();
        boolean anyFile = false;
        boolean anyValid = false;
        for (Path p : settings.path()) {
            if (!Files.isRegularFile(p)) continue;
            anyFile = true;
            try {
                Optional<String> unsafe = unsafe(p);
                if (unsafe.isPresent()) {
                    LOG.warn("heat_local: {} {}, refused", p, unsafe.get());
                    continue;
                }
                JsonNode node = Json.mapper().readTree(Files.readAllBytes(p));
                if (node instanceof ObjectNode o) {
                    merged.setAll(o);
                    anyValid = true;
                } else {
                    LOG.warn("heat_local: {} is not a JSON object, skipped", p);
                }
            } catch (IOException e) {
                LOG.warn("heat_local: {} is not valid JSON, skipped", p);
            }
        }
        if (!anyFile) return Optional.empty();
        if (!anyValid) throw new CollectorException("heat_local: no valid metadata in " + settings.path());
        return Optional.of(merged);
    }

    private Optional<String> unsafe(Path p) throws IOException {
        int owner = (Integer) Files.getAttribute(p, "unix:uid");
        if (owner != uid) return Optional.of("is owned by uid " + owner + ", not " + uid);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
        if (mode.contains(PosixFilePermission.OTHERS_WRITE)) return Optional.of("is world-writable");
        if (mode.contains(PosixFilePermission.GROUP_WRITE)) return Optional.of("is group-writable");
        return Optional.empty();
    }
}
