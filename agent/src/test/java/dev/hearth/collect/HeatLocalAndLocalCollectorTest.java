package dev.hearth.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.config.CollectorSettings;
import dev.hearth.json.Json;
import dev.hearth.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatLocalAndLocalCollectorTest {
    @TempDir
    Path tmp;

    @Test
    void heatLocalUpdatesTopLevelKeysInOrderAndSkipsInvalidFiles() throws Exception {
        Path a = Files.writeString(tmp.resolve("a"), "{\"x\": {\"a\": 1}, \"y\": 1}");
        Path bad = Files.writeString(tmp.resolve("bad"), "{not json");
        Path b = Files.writeString(tmp.resolve("b"), "{\"x\": {\"b\": 2}}");
        var c = new HeatLocalCollector(new CollectorSettings.HeatLocal(List.of(a, bad, b, tmp.resolve("missing"))));

        assertThat(c.collect()).contains(Json.parse("{\"x\": {\"b\": 2}, \"y\": 1}"));
    }

    @Test
    void heatLocalWithoutFilesIsNotConfiguredAndWithOnlyBadFilesUnavailable() throws Exception {
        assertThat(new HeatLocalCollector(new CollectorSettings.HeatLocal(List.of(tmp.resolve("none")))).collect())
                .isEmpty();
        Path bad = Files.writeString(tmp.resolve("bad"), "[1]");
        assertThatThrownBy(() -> new HeatLocalCollector(new CollectorSettings.HeatLocal(List.of(bad))).collect())
                .isInstanceOf(CollectorException.class);
    }

    @Test
    void heatLocalRefusesFilesOfAnotherUserOrWritableByOthers() throws Exception {
        Path mine = Files.writeString(tmp.resolve("mine"), "{\"x\": 1}");
        Path theirs = Files.writeString(tmp.resolve("theirs"), "{\"x\": 2, \"deployments\": []}");
        Files.setAttribute(theirs, "unix:uid", 65534); // nobody
        var settings = new CollectorSettings.HeatLocal(List.of(mine, theirs));
        assertThat(new HeatLocalCollector(settings).collect()).contains(Json.parse("{\"x\": 1}"));

        assertThatThrownBy(() -> new HeatLocalCollector(new CollectorSettings.HeatLocal(List.of(theirs))).collect())
                .isInstanceOf(CollectorException.class);
        Files.setAttribute(theirs, "unix:uid", LocalCollector.currentUid());
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThat(new HeatLocalCollector(settings).collect())
                .as("group-writable")
                .contains(Json.parse("{\"x\": 1}"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(new HeatLocalCollector(settings).collect()).contains(Json.parse("{\"x\": 2, \"deployments\": []}"));
    }

    @Test
    void localMergesSortedFilesSkippingDotFilesAndSubdirectories() throws Exception {
        Path dir = Files.createDirectory(
                tmp.resolve("local-data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve("b.json"), "{\"m\": {\"b\": 2}, \"l\": [2]}");
        Files.writeString(dir.resolve("a.json"), "{\"m\": {\"a\": 1}, \"l\": [1, 1]}");
        Files.writeString(dir.resolve(".hidden"), "not json at all");
        Files.createDirectory(dir.resolve("sub"));

        var c = new LocalCollector(new CollectorSettings.Local(List.of(dir, tmp.resolve("missing"))));

        assertThat(c.collect()).contains(Json.parse("{\"m\": {\"a\": 1, \"b\": 2}, \"l\": [2]}"));
    }

    @Test
    void localSaysOnceWhenALaterFilesDeploymentsReplaceAnEarlierOnes() throws Exception {
        Path dir = Files.createDirectory(
                tmp.resolve("local-data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve("a.json"), "{\"deployments\": [{\"id\": \"one\", \"config\": \"secret-a\"}]}");
        Files.writeString(dir.resolve("b.json"), "{\"deployments\": [{\"id\": \"two\", \"config\": \"secret-b\"}]}");
        Files.writeString(dir.resolve("c.json"), "{\"other\": 1}");
        var c = new LocalCollector(new CollectorSettings.Local(List.of(dir)));

        try (LogCapture log = new LogCapture()) {
            // os-collect-config's merge, kept: the later list wins.
            assertThat(c.collect().orElseThrow().path("deployments").findValuesAsText("id"))
                    .containsExactly("two");
            c.collect();
            assertThat(log.text())
                    .containsOnlyOnce("b.json replaces the deployments of " + dir.resolve("a.json"))
                    .doesNotContain("secret-");
            Files.writeString(dir.resolve("b.json"), "{\"x\": 1}");
            assertThat(c.collect().orElseThrow().path("deployments").findValuesAsText("id"))
                    .containsExactly("one");
            // Said again when it comes back (an empty list replaces the earlier deployments too).
            Files.writeString(dir.resolve("b.json"), "{\"deployments\": []}");
            c.collect();
            c.collect();
            assertThat(log.text().split("replaces the deployments", -1)).hasSize(3);
        }
    }

    @Test
    void localRefusesUnsafeDirectoriesAndFilesAndInvalidJson() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path f = Files.writeString(dir.resolve("x.json"), "{}");
        var settings = new CollectorSettings.Local(List.of(dir));

        assertThatThrownBy(() -> new LocalCollector(settings, LocalCollector.currentUid() + 1).collect())
                .hasMessageContaining("is owned by uid");

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> new LocalCollector(settings).collect())
                .hasMessageContaining("x.json is world-writable");

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> new LocalCollector(settings).collect())
                .hasMessageContaining("x.json is group-writable");

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(f, "{oops");
        assertThatThrownBy(() -> new LocalCollector(settings).collect()).hasMessageContaining("is not valid JSON");

        Files.writeString(f, "{}");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> new LocalCollector(settings).collect()).hasMessageContaining("is world-writable");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> new LocalCollector(settings).collect()).hasMessageContaining("d is group-writable");
    }

    @Test
    void localWithoutDirectoriesIsNotConfigured() throws Exception {
        assertThat(new LocalCollector(new CollectorSettings.Local(List.of(tmp.resolve("nope")))).collect())
                .isEmpty();
    }
}
