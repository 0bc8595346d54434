package dev.hearth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The rules every module's main sources keep: between two packages, and between two areas (a package
 * with its sub-packages), imports go one way. Each module's {@code PackageDirectionTest} extends this
 * with its own rules.
 */
public abstract class PackageDirectionSuite {
    protected static final Path SOURCES = Path.of("src/main/java");

    @Test
    public void noTwoPackagesImportEachOther() throws Exception {
        assertThat(PackageDirection.bothWays(SOURCES))
                .as("packages that import each other")
                .isEmpty();
    }

    @Test
    public void noTwoAreasImportEachOtherThroughASubPackage() throws Exception {
        assertThat(PackageDirection.areasBothWays(SOURCES))
                .as("areas (a package with its sub-packages) that import each other")
                .isEmpty();
    }
}
