package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.fs.AtomicFiles;
import dev.hearth.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLockTest {
    @TempDir
    Path tmp;

    @Test
    void theProcessThatTakesTheLockRemovesTempFilesAKilledWriterLeft() throws Exception {
        Path state = AtomicFiles.ensureDirectory(tmp.resolve("state"), AtomicFiles.DIR_0700);
        AtomicFiles.write(state.resolve("deployments/d-1.json"), "{}", AtomicFiles.FILE_0600);
        Files.writeString(state.resolve("deployments/.d-2.json.tmp-5e0c"), "{\"hal");
        Files.createDirectories(state.resolve("outbox/given-up"));
        Files.writeString(state.resolve("outbox/.d-1.json.tmp-ab12"), "");
        Files.writeString(state.resolve("outbox/given-up/.d-3.json.tmp-77"), "");
        Files.writeString(state.resolve(".source.json.tmp-9"), "");

        try (LogCapture log = new LogCapture();
                StateLock lock = StateLock.acquire(state)) {
            assertThat(log.text()).contains("removed 4 temporary file(s) left by an interrupted write");
            assertThat(lock).isNotNull();
        }
        try (var files = Files.walk(state)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> state.relativize(p).toString()))
                    .containsExactlyInAnyOrder("lock", "deployments/d-1.json");
        }
    }
}
