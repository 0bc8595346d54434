package dev.hearth.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Whole trees of files. */
public final class FileTrees {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private FileTrees() {}

    /**
     * Deletes {@code root} and everything below it; symbolic links are deleted as links, never what
     * they point to. A root that does not exist, or files that go meanwhile, are fine.
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, NOFOLLOW)) return;
        if (!Files.isDirectory(root, NOFOLLOW)) {
            Files.deleteIfExists(root);
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = new ArrayList<>(walk.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (NoSuchFileException ignored) {
                // gone already
            }
        }
    }
}
