package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Puts {@code TRIPLEO_CONFIG_HASH} into a container's environment from the {@code <volume>.md5sum}
 * files of the config volumes it bind-mounts (docs/config-volumes.md#the-hash-in-containers), so
 * that a changed config volume changes {@code config_data} and replaces exactly its containers.
 */
public final class ConfigHashes {
    public static final String VARIABLE = "TRIPLEO_CONFIG_HASH";
    private static final Pattern MD5 = Pattern.compile("^[0-9a-f]{32}$");

    private final Path prefix;
    private final Path puppetGenerated;
    private final Map<Path, String> pending;

    public ConfigHashes(Path configDataPrefix) {
        this(configDataPrefix, Map.of());
    }

    private ConfigHashes(Path configDataPrefix, Map<Path, String> pending) {
        this.prefix = configDataPrefix.toAbsolutePath().normalize();
        this.puppetGenerated = prefix.resolve("puppet-generated");
        this.pending = Map.copyOf(pending);
    }

    /**
     * These hashes, but with the volume roots of {@code pending} (e.g. {@code <prefix>/puppet-generated/web})
     * hashed as given instead of as on disk: what the containers would get after a generation that
     * has not happened (a deploy's check).
     */
    public ConfigHashes withPending(Map<Path, String> pending) {
        Map<Path, String> all = new java.util.HashMap<>(this.pending);
        pending.forEach((root, hash) -> all.put(root.toAbsolutePath().normalize(), hash));
        return new ConfigHashes(prefix, all);
    }

    /** The hash for these {@code volumes} items, empty when none mounts a hashed config volume. */
    public Optional<String> hashFor(JsonNode volumes) {
        if (volumes == null || !volumes.isArray()) return Optional.empty();
        List<Path> roots = new ArrayList<>();
        for (JsonNode v : volumes) {
            if (!v.isTextual() || v.textValue().isEmpty()) continue;
            String src = v.textValue().split(":", 2)[0];
            if (!src.startsWith("/")) continue;
            configBase(Path.of(src)).ifPresent(roots::add);
        }
        roots.sort(Path::compareTo);
        List<String> hashes = new ArrayList<>();
        for (Path root : roots) {
            if (pending.containsKey(root)) {
                hashes.add(pending.get(root));
                continue;
            }
            Path sum = root.resolveSibling(root.getFileName() + ".md5sum");
            try {
                if (!Files.isRegularFile(sum)) continue;
                String line = Files.readString(sum, StandardCharsets.UTF_8).strip();
                int nl = line.indexOf('\n');
                if (nl >= 0) line = line.substring(0, nl).strip();
                if (MD5.matcher(line).matches()) hashes.add(line);
            } catch (IOException e) {
                // an unreadable hash file counts as absent, like docker-puppet's os.path.isfile test
            }
        }
        return hashes.isEmpty() ? Optional.empty() : Optional.of(String.join("-", hashes));
    }

    /** Walks up from a mount source until the parent is the prefix or {@code <prefix>/puppet-generated}. */
    Optional<Path> configBase(Path source) {
        Path p = source.normalize();
        if (!p.startsWith(prefix)) return Optional.empty();
        while (p != null && p.getParent() != null) {
            Path parent = p.getParent();
            if (parent.equals(puppetGenerated) || (parent.equals(prefix) && !p.equals(puppetGenerated))) {
                return Optional.of(p);
            }
            if (p.equals(prefix)) return Optional.empty();
            p = parent;
        }
        return Optional.empty();
    }

    /** A copy of {@code container} with the hash set (list or map form kept), or the same copy without. */
    public ObjectNode inject(ObjectNode container) {
        ObjectNode copy = container.deepCopy();
        Optional<String> hash = hashFor(copy.get("volumes"));
        if (hash.isEmpty()) return copy;
        JsonNode env = copy.get("environment");
        if (env != null && env.isObject()) {
            ((ObjectNode) env).put(VARIABLE, hash.get());
        } else {
            ArrayNode list = Json.nodes().arrayNode();
            if (env != null && env.isArray()) {
                for (JsonNode item : env) {
                    if (item.isTextual() && (item.textValue().equals(VARIABLE) || item.textValue().startsWith(VARIABLE + "="))) continue;
                    list.add(item);
                }
            }
            list.add(VARIABLE + "=" + hash.get());
            copy.set("environment", list);
        }
        return copy;
    }
}
