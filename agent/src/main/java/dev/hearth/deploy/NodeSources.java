package dev.hearth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.hook.Deployment;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest document of each metadata source of this node (every configured collector by its
 * name, {@value #PUSH}, {@value #APPLY}), one 0600 file each under {@code <state_dir>/sources/},
 * written atomically before it counts. The node's desired deployments are the union of these
 * documents by deployment id; a source's new document replaces only its own previous one.
 */
public final class NodeSources {
    private static final Logger log = LoggerFactory.getLogger(NodeSources.class);
    public static final String PUSH = "push";
    public static final String APPLY = "apply";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    /**
     * What the node should have now.
     *
     * @param deployments   the union by id, sources in order (a deployment listed by two sources counts once, for the first)
     * @param sourceOf      which source carries each deployment
     * @param invalid       deployments of polled documents that cannot run, by source
     * @param missing       expected sources that neither answered since start nor have a persisted document:
     *                      while any is missing the view is incomplete and nothing may act on absence
     */
    public record View(
            List<Deployment> deployments,
            Map<String, String> sourceOf,
            Map<String, List<MetadataDocument.Invalid>> invalid,
            List<String> missing) {
        public boolean complete() {
            return missing.isEmpty();
        }

        public MetadataDocument document() {
            return new MetadataDocument(Json.object(), deployments);
        }
    }

    private final Path dir;
    private final Map<String, JsonNode> latest = new HashMap<>();
    private final Set<String> answered = new HashSet<>();

    public NodeSources(Path stateDir) throws IOException {
        this.dir = AtomicFiles.ensureDirectory(stateDir.resolve("sources"), AtomicFiles.DIR_0700);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString().replaceFirst("\\.json$", "");
                try {
                    latest.put(name, Json.parse(Files.readString(f)));
                } catch (IOException | RuntimeException e) {
                    // Writes are atomic: this is damage from outside. Without it the view of this source is missing.
                    log.error(
                            "the last document of source {} cannot be read ({}); it counts as not known",
                            name,
                            e.getClass().getSimpleName());
                }
            }
        }
    }

    /**
     * Makes {@code document} the latest of {@code source} (null: the source lists nothing), on disk first.
     *
     * @throws IOException when it cannot be written; the previous document then still stands
     */
    public synchronized void record(String source, JsonNode document) throws IOException {
        if (!NAME.matcher(source).matches()) throw new IllegalArgumentException("bad source name " + source);
        Path file = dir.resolve(source + ".json");
        if (document == null) {
            if (latest.containsKey(source) || Files.exists(file)) AtomicFiles.deleteDurably(file);
            latest.remove(source);
        } else if (!document.equals(latest.get(source)) || !Files.exists(file)) {
            AtomicFiles.write(file, Json.write(document), AtomicFiles.FILE_0600);
            latest.put(source, document);
        }
        answered.add(source);
    }

    /** True when the source has a document (this run or persisted by an earlier one). */
    public synchronized boolean has(String source) {
        return latest.containsKey(source);
    }

    /**
     * The union of the documents of {@code collectors} (in that order), then {@value #APPLY}, then
     * {@value #PUSH}. Documents of sources no longer configured do not count.
     */
    public synchronized View view(Collection<String> collectors) {
        List<String> order = new ArrayList<>(collectors);
        order.add(APPLY);
        order.add(PUSH);
        List<Deployment> deployments = new ArrayList<>();
        Map<String, String> sourceOf = new LinkedHashMap<>();
        Map<String, List<MetadataDocument.Invalid>> invalid = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String source : order) {
            JsonNode doc = latest.get(source);
            if (doc == null) {
                if (collectors.contains(source) && !answered.contains(source)) missing.add(source);
                continue;
            }
            MetadataDocument.Tolerant parsed = MetadataDocument.parseTolerant(doc);
            for (Deployment d : parsed.valid().deployments()) {
                if (sourceOf.putIfAbsent(d.id(), source) == null) deployments.add(d);
            }
            if (!parsed.invalid().isEmpty()) invalid.put(source, parsed.invalid());
        }
        return new View(List.copyOf(deployments), sourceOf, invalid, List.copyOf(missing));
    }
}
