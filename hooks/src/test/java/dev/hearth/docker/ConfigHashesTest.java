package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHashesTest {
    private static final String H1 = "0123456789abcdef0123456789abcdef";
    private static final String H2 = "fedcba9876543210fedcba9876543210";

    @Test
    void deepMountsFindTheirVolumeRootAndHashesAreSortedByPath(@TempDir Path prefix) throws Exception {
        Files.createDirectories(prefix.resolve("puppet-generated/nova_libvirt/etc/libvirt"));
        Files.createDirectories(prefix.resolve("ceph"));
        Files.writeString(prefix.resolve("puppet-generated/nova_libvirt.md5sum"), H2 + "\n");
        Files.writeString(prefix.resolve("ceph.md5sum"), H1 + "\n");
        ConfigHashes hashes = new ConfigHashes(prefix, ConfigHashes.Composition.VOLUME_ROOT);
        ObjectNode c = (ObjectNode) Json.parse("""
                {"image": "i", "environment": ["A=1"], "volumes": [
                  "%s/puppet-generated/nova_libvirt/etc/libvirt:/etc/libvirt:ro",
                  "%s/ceph/:/etc/ceph:ro", "/etc/hosts:/etc/hosts:ro", ""]}
                """.formatted(prefix, prefix));
        ObjectNode out = hashes.inject(c);
        // sorted by volume root path: <prefix>/ceph < <prefix>/puppet-generated/nova_libvirt
        assertThat(out.get("environment")).hasSize(2);
        assertThat(out.get("environment").get(1).asText()).isEqualTo("TRIPLEO_CONFIG_HASH=" + H1 + "-" + H2);
        assertThat(c.get("environment")).hasSize(1); // input untouched
    }

    @Test
    void mapEnvironmentKeepsItsForm(@TempDir Path prefix) throws Exception {
        Files.createDirectories(prefix.resolve("keystone"));
        Files.writeString(prefix.resolve("keystone.md5sum"), H1);
        ObjectNode out = new ConfigHashes(prefix, ConfigHashes.Composition.VOLUME_ROOT)
                .inject((ObjectNode) Json.parse("{\"environment\": {\"A\": \"1\"}, \"volumes\": [\"" + prefix
                        + "/keystone/etc/keystone.conf:/x:ro\"]}"));
        assertThat(out.get("environment").get("TRIPLEO_CONFIG_HASH").asText()).isEqualTo(H1);
        assertThat(out.get("environment").get("A").asText()).isEqualTo("1");
    }

    @Test
    void noHashFileOrMountsOutsideThePrefixChangeNothing(@TempDir Path prefix) throws Exception {
        Files.createDirectories(prefix.resolve("nohash"));
        Files.writeString(prefix.resolve("bad.md5sum"), "not-a-hash");
        ObjectNode in = (ObjectNode) Json.parse("{\"volumes\": [\"" + prefix + "/nohash:/x\", \"" + prefix
                + "/bad:/y\", \"" + prefix + "-other/a:/z\", \"" + prefix + "/puppet-generated:/w\"]}");
        ObjectNode out = new ConfigHashes(prefix, ConfigHashes.Composition.VOLUME_ROOT).inject(in);
        assertThat(out).isEqualTo(in);
    }

    @Test
    void duplicateMountsAreKeptAndAnEarlierHashIsReplaced(@TempDir Path prefix) throws Exception {
        Files.createDirectories(prefix.resolve("mysql"));
        Files.writeString(prefix.resolve("mysql.md5sum"), H2 + "\n");
        ObjectNode out = new ConfigHashes(prefix, ConfigHashes.Composition.VOLUME_ROOT)
                .inject((ObjectNode) Json.parse("""
                {"environment": ["TRIPLEO_CONFIG_HASH=old"], "volumes": ["%s/mysql/:/a", "%s/mysql/etc:/b"]}
                """.formatted(prefix, prefix)));
        assertThat(out.get("environment")).hasSize(1);
        assertThat(out.get("environment").get(0).asText()).isEqualTo("TRIPLEO_CONFIG_HASH=" + H2 + "-" + H2);
    }

    @Test
    void aChangedHashChangesConfigData(@TempDir Path prefix) throws Exception {
        Files.createDirectories(prefix.resolve("svc"));
        ObjectNode c = (ObjectNode) Json.parse("{\"image\": \"i\", \"volumes\": [\"" + prefix + "/svc/:/etc/svc\"]}");
        Files.writeString(prefix.resolve("svc.md5sum"), H1);
        ObjectNode first = new ConfigHashes(prefix, ConfigHashes.Composition.VOLUME_ROOT).inject(c);
        Files.writeString(prefix.resolve("svc.md5sum"), H2);
        ObjectNode second = new ConfigHashes(prefix, ConfigHashes.Composition.VOLUME_ROOT).inject(c);
        assertThat(ConfigData.differingKeys(first, second)).containsExactly("environment");
    }

    @Test
    void pendingHashesStandInForTheFilesOfTheirVolumesOnly(@TempDir Path prefix) throws Exception {
        Files.writeString(prefix.resolve("ceph.md5sum"), H1 + "\n");
        Files.createDirectories(prefix.resolve("puppet-generated"));
        Files.writeString(prefix.resolve("puppet-generated/web.md5sum"), H1 + "\n");
        ObjectNode c = (ObjectNode) Json.parse("""
                {"environment": [], "volumes": ["%1$s/ceph:/etc/ceph:ro", "%1$s/puppet-generated/web/etc:/etc/web:ro"]}
                """.formatted(prefix));
        ConfigHashes onDisk = new ConfigHashes(prefix, ConfigHashes.Composition.VOLUME_ROOT);
        ConfigHashes pending = onDisk.withPending(java.util.Map.of(prefix.resolve("puppet-generated/web"), H2));

        assertThat(pending.inject(c).get("environment").get(0).asText())
                .isEqualTo("TRIPLEO_CONFIG_HASH=" + H1 + "-" + H2);
        assertThat(onDisk.inject(c).get("environment").get(0).asText())
                .isEqualTo("TRIPLEO_CONFIG_HASH=" + H1 + "-" + H1);
        // a volume without a hash file yet gets the pending one
        Files.delete(prefix.resolve("puppet-generated/web.md5sum"));
        assertThat(pending.inject(c).get("environment").get(0).asText())
                .isEqualTo("TRIPLEO_CONFIG_HASH=" + H1 + "-" + H2);
    }
}
