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

    /**
     * How the value is put together from the mounts. {@link #TRIPLEO} is what docker-puppet.py did, so
     * containers it started keep their value (docs/config-volumes.md#the-hash-in-containers);
     * {@link #VOLUME_ROOT} also follows deep mounts and mounts without a trailing slash to their volume.
     */
    public enum Composition {
        TRIPLEO,
        VOLUME_ROOT;

        /** {@code tripleo} or {@code volume-root} (the agent.yaml spelling). */
        public static Composition parse(String name) {
            return switch (name) {
                case "tripleo" -> TRIPLEO;
                case "volume-root" -> VOLUME_ROOT;
                default -> throw new IllegalArgumentException("must be tripleo or volume-root");
            };
        }
    }

    private final Path prefix;
    private final Path puppetGenerated;
    private final Composition composition;
    private final java.util.Map<Path, String> pending;

    /** TripleO's composition. */
    public ConfigHashes(Path configDataPrefix) {
        this(configDataPrefix, Composition.TRIPLEO);
    }

    public ConfigHashes(Path configDataPrefix, Composition composition) {
        this(configDataPrefix, composition, java.util.Map.of());
    }

    private ConfigHashes(Path configDataPrefix, Composition composition, java.util.Map<Path, String> pending) {
        this.prefix = configDataPrefix.toAbsolutePath().normalize();
        this.puppetGenerated = prefix.resolve("puppet-generated");
        this.composition = composition;
        this.pending = java.util.Map.copyOf(pending);
    }

    /**
     * These hashes, but with the volume roots of {@code pending} (e.g. {@code <prefix>/puppet-generated/web})
     * hashed as given instead of as on disk: what the containers would get after a generation that
     * has not happened (a deploy's check).
     */
    public ConfigHashes withPending(java.util.Map<Path, String> pending) {
        java.util.Map<Path, String> all = new java.util.HashMap<>(this.pending);
        pending.forEach((root, hash) -> all.put(root.toAbsolutePath().normalize(), hash));
        return new ConfigHashes(prefix, composition, all);
    }

    /** The hash for these {@code volumes} items, empty when none mounts a hashed config volume. */
    public Optional<String> hashFor(JsonNode volumes) {
        if (volumes == null || !volumes.isArray()) return Optional.empty();
        return composition == Composition.TRIPLEO ? tripleoHash(volumes) : volumeRootHash(volumes);
    }

    /**
     * The parent directory (as text) of every mount source whose item starts with the prefix, in code
     * point order, duplicates kept; each {@code <dir>.md5sum} read with trailing white space removed;
     * missing or empty ones left out; joined with {@code -}. No walking up and no format check: a deep
     * mount or one without a trailing slash names a file that usually does not exist, and adds nothing.
     */
    private Optional<String> tripleoHash(JsonNode volumes) {
        String start = prefix.toString();
        List<String> dirs = new ArrayList<>();
        for (JsonNode v : volumes) {
            if (!v.isTextual() || !v.textValue().startsWith(start)) continue;
            dirs.add(dirname(v.textValue().split(":", -1)[0]));
        }
        dirs.sort(ConfigHashes::byCodePoint);
        List<String> hashes = new ArrayList<>();
        for (String dir : dirs) {
            String given = pending.get(Path.of(dir).toAbsolutePath().normalize());
            if (given != null) {
                hashes.add(given);
                continue;
            }
            Path sum = Path.of(dir + ".md5sum");
            try {
                if (!Files.isRegularFile(sum)) continue;
                String value = stripTrailingAsciiSpace(Files.readString(sum, StandardCharsets.UTF_8));
                if (!value.isEmpty()) hashes.add(value);
            } catch (IOException | RuntimeException e) {
                // unreadable counts as absent
            }
        }
        return hashes.isEmpty() ? Optional.empty() : Optional.of(String.join("-", hashes));
    }

    /** POSIX dirname as Python's os.path.dirname gives it: up to the last slash, trailing slashes removed unless all slashes. */
    static String dirname(String path) {
        String head = path.substring(0, path.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
            int end = head.length();
            while (end > 0 && head.charAt(end - 1) == '/') end--;
            head = head.substring(0, end);
        }
        return head;
    }

    private static int byCodePoint(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    private static String stripTrailingAsciiSpace(String s) {
        int end = s.length();
        while (end > 0 && " \t\n\r\013\f".indexOf(s.charAt(end - 1)) >= 0) end--;
        return s.substring(0, end);
    }

    private Optional<String> volumeRootHash(JsonNode volumes) {
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
                    if (item.isTextual()
                            && (item.textValue().equals(VARIABLE)
                                    || item.textValue().startsWith(VARIABLE + "="))) continue;
                    list.add(item);
                }
            }
            list.add(VARIABLE + "=" + hash.get());
            copy.set("environment", list);
        }
        return copy;
    }
}
