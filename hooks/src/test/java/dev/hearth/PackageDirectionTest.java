package dev.hearth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hooks' packages go one way: the hooks use the contract ({@code hook}) and the helpers
 * ({@code secret}, {@code process}, {@code fs}, {@code json}); the helpers use none of the hooks
 * and not the contract (which inputs of a deployment are secret is {@code hook.DeploymentSecrets}).
 */
class PackageDirectionTest extends PackageDirectionSuite {
    @Test
    void aPackagePairGoingBothWaysIsFound(@TempDir Path dir) throws Exception {
        write(dir, "a/A.java", "package dev.hearth.a;\nimport dev.hearth.b.B;\nclass A {}\n");
        write(dir, "b/B.java", "package dev.hearth.b;\nclass B { dev.hearth.a.A a; }\n");
        write(dir, "c/sub/C.java", "package dev.hearth.c.sub;\nimport dev.hearth.a.A;\nclass C {}\n");
        write(dir, "a/A2.java", """
                package dev.hearth.a;
                // dev.hearth.c.C in a comment is no reference
                import dev.hearth.c.Top;
                class A2 {}
                """);
        assertThat(PackageDirection.bothWays(dir))
                .singleElement()
                .asString()
                .startsWith("dev.hearth.a <-> dev.hearth.b");
        assertThat(PackageDirection.areasBothWays(dir))
                .containsExactly(
                        "dev.hearth.a <-> dev.hearth.b (a/A.java, b/B.java)",
                        "dev.hearth.a <-> dev.hearth.c (a/A2.java, c/sub/C.java)");
    }

    private static void write(Path dir, String file, String text) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
