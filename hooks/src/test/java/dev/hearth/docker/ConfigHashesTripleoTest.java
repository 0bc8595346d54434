package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hearth.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default composition of {@code TRIPLEO_CONFIG_HASH} equals docker-puppet.py's. The reference is
 * computed by python3 with the algorithm as docs/config-volumes.md describes it (dirname of each
 * mount source of the items starting with the prefix, sorted with duplicates, {@code <dir>.md5sum}
 * read and right-stripped, missing and empty ones dropped, joined with {@code -}).
 */
@org.junit.jupiter.api.Tag("python3")
class ConfigHashesTripleoTest {
    private static final String H_KEYSTONE = "0123456789abcdef0123456789abcdef";
    private static final String H_NOVA = "fedcba9876543210fedcba9876543210";
    private static final String H_PG = "11111111111111111111111111111111";
    private static final String H_ETC = "22222222222222222222222222222222";

    /** The documented algorithm, in Python, reading the same files. Prints the value, or nothing. */
    private static final String REFERENCE = """
            import json, os, sys
            prefix, volumes = sys.argv[1], json.loads(sys.argv[2])
            dirs = sorted(os.path.dirname(v.split(':')[0]) for v in volumes if v.startswith(prefix))
            def read(d):
                f = d + '.md5sum'
                if not os.path.isfile(f):
                    return None
                with open(f) as h:
                    return h.read().rstrip()
            sys.stdout.write('-'.join(h for h in (read(d) for d in dirs) if h))
            """;

    @TempDir
    Path tmp;

    private Path prefix() throws Exception {
        Path p = tmp.resolve("config-data");
        Files.createDirectories(p.resolve("puppet-generated/keystone/etc/keystone"));
        Files.createDirectories(p.resolve("puppet-generated/nova_libvirt/etc/libvirt"));
        Files.createDirectories(p.resolve("nova/etc"));
        Files.writeString(p.resolve("puppet-generated/keystone.md5sum"), H_KEYSTONE + "\n");
        Files.writeString(p.resolve("puppet-generated/nova_libvirt.md5sum"), H_NOVA + "  \n\n");
        Files.writeString(p.resolve("nova.md5sum"), H_NOVA);
        return p;
    }

    private static String reference(Path prefix, List<String> volumes) throws Exception {
        ArrayNode a = Json.nodes().arrayNode();
        volumes.forEach(a::add);
        Process p = new ProcessBuilder("python3", "-c", REFERENCE, prefix.toString(), a.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }

    private static String hearth(Path prefix, List<String> volumes) {
        ArrayNode a = Json.nodes().arrayNode();
        volumes.forEach(a::add);
        return new ConfigHashes(prefix).hashFor(a).orElse("");
    }

    private void same(Path prefix, List<String> volumes, String expected) throws Exception {
        String ref = reference(prefix, volumes);
        assertThat(ref).as("reference for %s", volumes).isEqualTo(expected);
        assertThat(hearth(prefix, volumes)).as("hearth for %s", volumes).isEqualTo(ref);
    }

    @Test
    void trailingSlashNamesTheVolume() throws Exception {
        Path p = prefix();
        same(
                p,
                List.of(
                        p + "/puppet-generated/keystone/:/var/lib/kolla/config_files/src:ro",
                        "/var/lib/kolla/config_files/keystone.json:/var/lib/kolla/config_files/config.json:ro"),
                H_KEYSTONE);
    }

    @Test
    void withoutTrailingSlashTheParentIsRead() throws Exception {
        Path p = prefix();
        // dirname is .../puppet-generated: no such hash file, so no hash
        same(p, List.of(p + "/puppet-generated/keystone:/var/lib/kolla/config_files/src:ro"), "");
        // ... unless one exists, which is then what counts
        Files.writeString(p.resolve("puppet-generated.md5sum"), H_PG + "\n");
        same(p, List.of(p + "/puppet-generated/keystone:/var/lib/kolla/config_files/src:ro"), H_PG);
    }

    @Test
    void deepMountsNameTheirOwnParent() throws Exception {
        Path p = prefix();
        List<String> volumes = List.of(
                p + "/puppet-generated/nova_libvirt/etc/libvirt:/etc/libvirt:ro", p + "/nova/etc/nova:/etc/nova:ro");
        same(p, volumes, "");
        Files.writeString(p.resolve("nova/etc.md5sum"), H_ETC + "\n");
        same(p, volumes, H_ETC);
        // the volume-root composition follows them to their volumes instead
        ArrayNode a = Json.nodes().arrayNode();
        volumes.forEach(a::add);
        assertThat(new ConfigHashes(p, ConfigHashes.Composition.VOLUME_ROOT).hashFor(a))
                .contains(H_NOVA + "-" + H_NOVA);
    }

    @Test
    void duplicatesAreKeptAndSorted() throws Exception {
        Path p = prefix();
        same(
                p,
                List.of(
                        p + "/puppet-generated/nova_libvirt/:/a:ro",
                        p + "/puppet-generated/keystone/:/b:ro",
                        p + "/puppet-generated/nova_libvirt/:/c:ro",
                        p + "/nova/:/d"),
                H_NOVA + "-" + H_KEYSTONE + "-" + H_NOVA + "-" + H_NOVA);
    }

    @Test
    void missingAndEmptyHashFilesAreDroppedAndContentIsNotChecked() throws Exception {
        Path p = prefix();
        Files.createDirectories(p.resolve("empty"));
        Files.writeString(p.resolve("empty.md5sum"), " \n");
        Files.createDirectories(p.resolve("odd"));
        Files.writeString(p.resolve("odd.md5sum"), "not-hex value\t\n");
        Files.createDirectories(p.resolve("dir.md5sum"));
        same(
                p,
                List.of(
                        p + "/missing/:/m",
                        p + "/empty/:/e",
                        p + "/odd/:/o",
                        p + "/dir/:/d",
                        p + "/puppet-generated/keystone/:/k"),
                "not-hex value-" + H_KEYSTONE);
    }

    @Test
    void thePrefixIsMatchedAsText() throws Exception {
        Path p = prefix();
        Path other = tmp.resolve("config-data-other");
        Files.createDirectories(other.resolve("x"));
        Files.writeString(tmp.resolve("config-data-other.md5sum"), H_ETC);
        same(p, List.of(other + "/x:/x", "/etc/hosts:/etc/hosts:ro", "named_volume:/data"), H_ETC);
        // a config hash already in the environment is replaced, not repeated
        JsonNode c = Json.parse("{\"environment\": [\"TRIPLEO_CONFIG_HASH=old\", \"A=1\"], \"volumes\": [\"" + p
                + "/puppet-generated/keystone/:/k\"]}");
        assertThat(new ConfigHashes(p)
                        .inject((com.fasterxml.jackson.databind.node.ObjectNode) c)
                        .get("environment")
                        .toString())
                .isEqualTo("[\"A=1\",\"TRIPLEO_CONFIG_HASH=" + H_KEYSTONE + "\"]");
    }

    @Test
    void dirnameIsPythons() {
        assertThat(ConfigHashes.dirname("/a/b/")).isEqualTo("/a/b");
        assertThat(ConfigHashes.dirname("/a/b")).isEqualTo("/a");
        assertThat(ConfigHashes.dirname("/a//b")).isEqualTo("/a");
        assertThat(ConfigHashes.dirname("/a")).isEqualTo("/");
        assertThat(ConfigHashes.dirname("//a")).isEqualTo("//");
        assertThat(ConfigHashes.dirname("a")).isEqualTo("");
    }
}
