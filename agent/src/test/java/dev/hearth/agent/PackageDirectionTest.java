package dev.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.PackageDirection;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages follow the data flow (collect -> decide -> run hooks -> report): between two
 * packages, imports go one way only. A type both sides need lives in a package both may use (e.g.
 * {@code net.PathSegments} for collectors and signal transports). The hooks module has its own twin.
 */
class PackageDirectionTest {
    private static final Path SOURCES = Path.of("src/main/java");

    @Test
    void noTwoPackagesImportEachOther() throws Exception {
        assertThat(PackageDirection.bothWays(SOURCES))
                .as("packages that import each other")
                .isEmpty();
    }

    @Test
    void noTwoAreasImportEachOtherThroughASubPackage() throws Exception {
        assertThat(PackageDirection.areasBothWays(SOURCES))
                .as("areas (a package with its sub-packages) that import each other")
                .isEmpty();
    }

    @Test
    void signalDoesNotReachIntoCollect() throws Exception {
        assertThat(PackageDirection.references(SOURCES).getOrDefault("dev.hearth.signal", Map.of()))
                .doesNotContainKey("dev.hearth.collect");
    }
}
