package dev.hearth.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void deletesATreeAndItsLinksButNotWhatTheyPointTo() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "keep");
        Path keptDir = Files.createDirectories(dir.resolve("kept"));
        Files.writeString(keptDir.resolve("inner.txt"), "keep");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file.txt"), "x");
        Files.createSymbolicLink(dir.resolve("tree/a/to-file"), outside);
        Files.createSymbolicLink(dir.resolve("tree/to-dir"), keptDir);

        FileTrees.delete(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("keep");
        assertThat(keptDir.resolve("inner.txt")).hasContent("keep");
    }

    @Test
    void aMissingRootOrASingleFileIsFine() throws Exception {
        FileTrees.delete(dir.resolve("nothing"));
        Path file = Files.writeString(dir.resolve("file"), "x");
        FileTrees.delete(file);
        assertThat(file).doesNotExist();
    }
}
