package dev.hearth.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigScriptsTest {
    @TempDir
    Path dir;

    private ConfigScripts scripts() {
        return new ConfigScripts(Map.of(
                "container_config_scripts",
                dir.resolve("container-config-scripts"),
                "docker_config_scripts",
                dir.resolve("docker-config-scripts")));
    }

    private static Map<String, ObjectNode> given(String yaml) throws Exception {
        Map<String, ObjectNode> out = new java.util.LinkedHashMap<>();
        ((ObjectNode) Json.yaml().readTree(yaml))
                .properties()
                .forEach(e -> out.put(e.getKey(), (ObjectNode) e.getValue()));
        return out;
    }

    @Test
    void writesEachScriptWhereTripleoWritesItWithItsModeAndOnlyWhenItDiffers() throws Exception {
        Map<String, ObjectNode> s = given("""
                container_config_scripts:
                  wait-port-and-run.sh: {mode: "0755", content: "#!/bin/sh\\nexec \\"$@\\"\\n"}
                  apply.sh: {mode: 0700, content: "#!/bin/sh\\n"}
                  plain.txt: {content: data}
                docker_config_scripts:
                  old.sh: {mode: "0755", content: "#!/bin/sh\\n"}
                """);
        assertThat(scripts().write(s)).hasSize(4);
        Path wait = dir.resolve("container-config-scripts/wait-port-and-run.sh");
        assertThat(Files.readString(wait)).isEqualTo("#!/bin/sh\nexec \"$@\"\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wait)))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve("container-config-scripts/apply.sh"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve("container-config-scripts/plain.txt"))))
                .isEqualTo("rw-------");
        assertThat(dir.resolve("docker-config-scripts/old.sh")).exists();

        assertThat(scripts().write(s)).isEmpty();
        Files.setPosixFilePermissions(wait, PosixFilePermissions.fromString("rw-------"));
        assertThat(scripts().write(s)).containsExactly("wrote " + wait + " (mode 0755)");
    }

    @Test
    void aSymbolicLinkInAScriptsPlaceIsRefused() throws Exception {
        Path d = Files.createDirectories(dir.resolve("container-config-scripts"));
        Files.createSymbolicLink(d.resolve("x.sh"), dir.resolve("elsewhere"));
        assertThatThrownBy(() -> scripts().write(given("container_config_scripts: {x.sh: {content: y}}")))
                .hasMessageContaining("symbolic link");
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void checkListsWhatWriteWouldWriteAndWritesNothing() throws Exception {
        Map<String, ObjectNode> s = given("""
                container_config_scripts:
                  a.sh: {mode: "0755", content: "#!/bin/sh\\n"}
                  b.sh: {content: "b"}
                """);
        Path a = dir.resolve("container-config-scripts/a.sh");
        Path b = dir.resolve("container-config-scripts/b.sh");
        assertThat(scripts().check(s)).containsExactly("+ " + a + " (mode 0755)", "+ " + b + " (mode 0600)");
        assertThat(dir.resolve("container-config-scripts")).doesNotExist();
        scripts().write(s);
        assertThat(scripts().check(s)).isEmpty();
        Files.writeString(b, "changed");
        assertThat(scripts().check(s)).containsExactly("~ " + b + " (mode 0600)");
        assertThat(Files.readString(b)).isEqualTo("changed");
    }
}
