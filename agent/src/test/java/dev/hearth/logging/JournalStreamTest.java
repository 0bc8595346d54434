package dev.hearth.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStreamTest {
    @TempDir
    Path dir;

    @Test
    void journalStreamCountsOnlyWhenItNamesOurStderr() throws Exception {
        Path stderr = Files.createFile(dir.resolve("stderr"));
        Map<String, Object> attrs = Files.readAttributes(stderr, "unix:dev,ino");
        String own = attrs.get("dev") + ":" + attrs.get("ino");
        assertThat(JournalStream.connected(Map.of("JOURNAL_STREAM", own), stderr))
                .isTrue();
        // Inherited by a child whose stderr went elsewhere: not the journal.
        assertThat(JournalStream.connected(Map.of("JOURNAL_STREAM", "9:1"), stderr))
                .isFalse();
        assertThat(JournalStream.connected(Map.of(), stderr)).isFalse();
    }
}
