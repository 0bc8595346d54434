package dev.hearth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushed metadata documents accepted (202) but not yet processed, one 0600 file each under
 * {@code <state_dir>/inbox/}: a push that was answered is never lost to a crash.
 */
public final class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    public record Item(Path file, JsonNode document) {}

    private final Path dir;
    private final AtomicLong sequence = new AtomicLong();

    public Inbox(Path stateDir) throws IOException {
        this.dir = AtomicFiles.ensureDirectory(stateDir.resolve("inbox"), AtomicFiles.DIR_0700);
    }

    /** Persists {@code document} (atomically); only then may the push be answered 202. */
    public Item add(JsonNode document) throws IOException {
        String name =
                String.format("%020d-%06d.json", System.currentTimeMillis(), sequence.incrementAndGet() % 1_000_000);
        Path file = dir.resolve(name);
        AtomicFiles.write(file, Json.write(document), AtomicFiles.FILE_0600);
        return new Item(file, document);
    }

    /** Documents left by a previous run, oldest first. Unreadable ones are moved aside, not dropped silently. */
    public List<Item> pending() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
            s.forEach(files::add);
        }
        files.sort(null);
        List<Item> items = new ArrayList<>();
        for (Path f : files) {
            try {
                items.add(new Item(f, Json.parse(Files.readString(f))));
            } catch (RuntimeException e) {
                Path aside = f.resolveSibling(f.getFileName() + ".unreadable");
                Files.move(f, aside);
                log.error("pushed document {} cannot be read; kept as {}", f, aside);
            }
        }
        return items;
    }

    public void done(Item item) {
        try {
            AtomicFiles.deleteDurably(item.file());
        } catch (IOException e) {
            log.warn("cannot remove processed document {}: {}", item.file(), e.getMessage());
        }
    }
}
