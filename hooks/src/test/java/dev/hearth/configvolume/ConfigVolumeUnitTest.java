package dev.hearth.configvolume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.InvalidDeploymentException;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of config-volume generation: grouping, checksum, tree sync, container request, bootstrap rule. */
class ConfigVolumeUnitTest {
    @TempDir
    Path tmp;

    static List<PuppetConfigEntry> entries(String json) {
        return PuppetConfigEntry.listFrom(Json.parse(json), "$.config");
    }

    @Test
    void groupsByVolumeJoiningTagsAndManifestsFirstImageWins() {
        ConfigVolumeGrouping.Result r = ConfigVolumeGrouping.group(entries("""
                [{"config_volume": "heat", "puppet_tags": "heat_config", "step_config": "include a", "config_image": "heat-api:1"},
                 null,
                 {"config_volume": "keystone", "step_config": "include k", "config_image": "keystone:1",
                  "volumes": ["/x:/x:ro"]},
                 {"config_volume": "heat", "puppet_tags": "heat_config,file", "step_config": "include b",
                  "config_image": "heat-engine:1", "volumes": ["/y:/y"], "privileged": true},
                 {"config_volume": "nothing", "step_config": "", "config_image": "i"},
                 ["mysql", "", "include m", "mariadb:1", []],
                 {"config_volume": "", "step_config": "include e", "config_image": "i"}]
                """), Optional.empty());

        assertThat(r.volumes()).extracting(ConfigVolume::name).containsExactly("heat", "keystone", "mysql");
        ConfigVolume heat = r.volumes().get(0);
        assertThat(heat.tags()).isEqualTo("file,file_line,concat,augeas,cron,heat_config,heat_config,file");
        assertThat(heat.manifest()).isEqualTo("include a\ninclude b");
        assertThat(heat.image()).isEqualTo("heat-api:1");
        assertThat(heat.volumes()).containsExactly("/y:/y");
        assertThat(heat.privileged()).isTrue();
        assertThat(r.volumes().get(1).tags()).isEqualTo(ConfigVolumeGrouping.DEFAULT_TAGS);
        assertThat(r.volumes().get(1).volumes()).containsExactly("/x:/x:ro");
        assertThat(r.warnings())
                .hasSize(3)
                .anyMatch(w -> w.contains("different images") && w.contains("heat-engine:1"))
                .anyMatch(w -> w.contains("nothing") && w.contains("skipped"))
                .anyMatch(w -> w.contains("no config_volume"));

        assertThat(ConfigVolumeGrouping.group(entries("""
                [{"config_volume": "a", "step_config": "x", "config_image": "i"},
                 {"config_volume": "b", "step_config": "y", "config_image": "i"}]"""), Optional.of("b")).volumes())
                .extracting(ConfigVolume::name)
                .containsExactly("b");
    }

    @Test
    void refusesAConfigImageOutsideDockersGrammarWithoutQuotingIt() {
        for (String bad : List.of("heat api:1", "heat-api:1\n--privileged", "Heat-API")) {
            assertThatThrownBy(() -> PuppetConfigEntry.listFrom(
                            Json.parse("[{\"config_volume\": \"heat\", \"step_config\": \"x\", " + "\"config_image\": "
                                    + Json.write(Json.nodes().textNode(bad)) + "}]"),
                            "$.config"))
                    .as(bad)
                    .isInstanceOf(InvalidDeploymentException.class)
                    .hasMessageContaining("$.config[0].config_image")
                    .hasMessageContaining("not a valid image reference")
                    .hasMessageNotContaining(bad);
        }
        assertThatThrownBy(() ->
                        PuppetConfigEntry.listFrom(Json.parse("[[\"heat\", \"\", \"x\", \"bad image\"]]"), "$.config"))
                .hasMessageContaining("$.config[0][3]");
    }

    @Test
    void refusesVolumeNamesThatEscapeThePrefix() {
        for (String bad : List.of("..", "../etc", "a/b", "/abs", ".hidden", "a..b", "x y")) {
            assertThatThrownBy(() -> ConfigVolumeGrouping.group(
                            entries("[{\"config_volume\": "
                                    + Json.write(Json.nodes().textNode(bad))
                                    + ", \"step_config\": \"x\", \"config_image\": \"i\"}]"),
                            Optional.empty()))
                    .as(bad)
                    .isInstanceOf(InvalidDeploymentException.class)
                    .hasMessageContaining("refused");
        }
    }

    @Test
    void checksumIsContentInByteOrderOfPathsWithoutHeaderLines() throws Exception {
        Path root = tmp.resolve("vol");
        Files.createDirectories(root.resolve("etc/b"));
        Files.createDirectories(root.resolve("etc/swift/backups"));
        Files.writeString(root.resolve("etc/a.conf"), "A\n");
        Files.writeString(
                root.resolve("etc/b/c.conf"), "# HEADER: This file was autogenerated at 2024-01-01 by puppet.\nC\n");
        Files.writeString(root.resolve("etc/swift/backups/old.ring"), "ignored\n");
        Files.writeString(root.resolve("etc/Z"), "Z\n");
        Files.createSymbolicLink(root.resolve("etc/link"), root.resolve("etc/a.conf"));

        // the `sorted` option; the default (TripleO's value) is pinned by VolumeChecksumTripleoTest
        // Byte order: "etc/Z" < "etc/a.conf" < "etc/b/c.conf".
        assertThat(VolumeChecksum.files(root)).containsExactly("etc/Z", "etc/a.conf", "etc/b/c.conf");
        String sum = sorted(root);
        assertThat(sum).isEqualTo(md5("Z\nA\nC\n"));

        Files.writeString(
                root.resolve("etc/b/c.conf"), "# HEADER: This file was autogenerated at 2031-05-05 by puppet.\nC\n");
        Files.setPosixFilePermissions(root.resolve("etc/a.conf"), PosixFilePermissions.fromString("rw-------"));
        assertThat(sorted(root)).isEqualTo(sum);
        Files.writeString(root.resolve("etc/a.conf"), "A2\n");
        assertThat(sorted(root)).isNotEqualTo(sum);
        assertThat(sorted(tmp.resolve("missing"))).isEqualTo(VolumeChecksum.EMPTY);
    }

    private static String sorted(Path root) throws Exception {
        return VolumeChecksum.of(root, VolumeChecksum.Algorithm.SORTED, Map.of());
    }

    @Test
    void checksumFileIsWrittenOnlyWhenItChanges() throws Exception {
        Path f = tmp.resolve("prefix/vol.md5sum");
        assertThat(VolumeChecksum.writeIfChanged(f, VolumeChecksum.EMPTY)).isTrue();
        assertThat(Files.readString(f)).isEqualTo(VolumeChecksum.EMPTY + "\n");
        assertThat(VolumeChecksum.writeIfChanged(f, VolumeChecksum.EMPTY)).isFalse();
        assertThat(VolumeChecksum.writeIfChanged(f, md5("x"))).isTrue();
        assertThat(VolumeChecksum.read(f)).isEqualTo(md5("x"));
    }

    @Test
    void treeSyncReplacesInPlaceAndDeletesWhatIsGone() throws Exception {
        Path live = Files.createDirectories(tmp.resolve("live/etc/app"));
        Files.writeString(live.resolve("same.conf"), "same");
        Files.writeString(live.resolve("changed.conf"), "old");
        Files.writeString(live.resolve("gone.conf"), "gone");
        Files.createDirectories(tmp.resolve("live/etc/old-dir/sub"));
        Object liveDirKey = Files.readAttributes(live, java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey();
        Object sameKey = Files.readAttributes(
                        live.resolve("same.conf"), java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey();
        Path staged = Files.createDirectories(tmp.resolve("staged/etc/app"));
        Files.writeString(staged.resolve("same.conf"), "same");
        Files.setPosixFilePermissions(
                staged.resolve("same.conf"), Files.getPosixFilePermissions(live.resolve("same.conf")));
        Files.writeString(staged.resolve("changed.conf"), "new");
        Files.writeString(staged.resolve("added.conf"), "added");

        TreeSync.apply(tmp.resolve("staged"), tmp.resolve("live"));

        assertThat(Files.readString(live.resolve("changed.conf"))).isEqualTo("new");
        assertThat(Files.readString(live.resolve("added.conf"))).isEqualTo("added");
        assertThat(live.resolve("gone.conf")).doesNotExist();
        assertThat(tmp.resolve("live/etc/old-dir")).doesNotExist();
        assertThat(Files.readAttributes(live, java.nio.file.attribute.BasicFileAttributes.class)
                        .fileKey())
                .isEqualTo(liveDirKey);
        assertThat(Files.readAttributes(live.resolve("same.conf"), java.nio.file.attribute.BasicFileAttributes.class)
                        .fileKey())
                .as("an unchanged file is left alone")
                .isEqualTo(sameKey);
    }

    @Test
    void requestMountsHieraAndModulesReadOnlyAndHonoursNetHostAndNoArchive() throws Exception {
        ConfigVolumeSettings s = ConfigVolumeSettings.defaults()
                .under(tmp)
                .withHostname("node-1")
                .withLabels(Map.of("dev.hearth.test", "unit"));
        Files.createDirectories(s.puppetEtcDir());
        Files.createDirectories(s.modulesDir());
        ConfigVolumeGenerator g = new ConfigVolumeGenerator(s, null);
        ConfigVolume v =
                new ConfigVolume("keystone", "file,keystone_config", "include k", "img:1", List.of("/a:/b:ro"), true);

        PuppetContainerRunner.Request host = g.request(
                v,
                new ConfigVolumeGenerator.RunOptions(6, false, true),
                Path.of("/w/s.sh"),
                Path.of("/w/m.pp"),
                Path.of("/stage"),
                "n");
        assertThat(host.binds())
                .contains(
                        "/w/s.sh:/var/lib/hearth/config-volume.sh:ro",
                        "/w/m.pp:/etc/config.pp:ro",
                        s.puppetEtcDir() + ":/tmp/puppet-etc:ro",
                        s.modulesDir() + ":/usr/share/openstack-puppet/modules:ro",
                        "/stage:/var/lib/hearth/out:rw",
                        "/etc/hosts:/etc/hosts:ro",
                        "/a:/b:ro");
        assertThat(host.networkMode()).isEqualTo("host");
        assertThat(host.hostname()).isNull();
        assertThat(host.privileged()).isTrue();
        assertThat(host.env())
                .contains(
                        "PUPPET_TAGS=file,keystone_config",
                        "NAME=keystone",
                        "STEP=6",
                        "NO_ARCHIVE=",
                        "NET_HOST=true",
                        "HOSTNAME=node-1");
        assertThat(host.labels())
                .containsEntry("dev.hearth.test", "unit")
                .containsEntry(ConfigVolumeGenerator.LABEL_VOLUME, "keystone");

        PuppetContainerRunner.Request tasks = g.request(
                v,
                new ConfigVolumeGenerator.RunOptions(3, true, false),
                Path.of("/w/s.sh"),
                Path.of("/w/m.pp"),
                Path.of("/stage"),
                "n");
        assertThat(tasks.binds()).noneMatch(b -> b.contains("/var/lib/hearth/out") || b.startsWith("/etc/hosts"));
        assertThat(tasks.networkMode()).isEqualTo("none");
        assertThat(tasks.hostname()).isEqualTo("node-1");
        assertThat(tasks.env()).contains("NO_ARCHIVE=true", "STEP=3");
    }

    static Deployment tasks(String inputsJson) {
        ObjectNode d = Json.object().put("id", "t").put("group", "container-puppet-tasks");
        d.set("inputs", Json.parse(inputsJson));
        d.set(
                "config",
                Json.parse(
                        "{\"step_3\": [{\"config_volume\": \"k_init\", \"step_config\": \"x\", \"config_image\": \"i\"}]}"));
        return Deployment.fromJson(d, "$");
    }

    @Test
    void bootstrapNodeComesFromInputsThenTheAgentSetting() {
        ConfigVolumeSettings s = ConfigVolumeSettings.defaults().withHostname("ctl-0");
        assertThat(BootstrapTasks.decide(
                                tasks("[{\"name\": \"is_bootstrap\", \"type\": \"Boolean\", \"value\": true}]"), s)
                        .run())
                .isTrue();
        assertThat(BootstrapTasks.decide(tasks("[{\"name\": \"bootstrap_node\", \"value\": \"CTL-0.example.com\"}]"), s)
                        .run())
                .isTrue();
        BootstrapTasks.Decision other =
                BootstrapTasks.decide(tasks("[{\"name\": \"bootstrap_node\", \"value\": \"ctl-1\"}]"), s);
        assertThat(other.run()).isFalse();
        assertThat(other.reason()).contains("ctl-1").contains("ctl-0");
        assertThat(BootstrapTasks.decide(tasks("[]"), s).run()).isFalse();
        assertThat(BootstrapTasks.decide(tasks("[]"), s.withBootstrapNode(true)).run())
                .isTrue();
        assertThat(BootstrapTasks.decide(
                                tasks("[{\"name\": \"is_bootstrap\", \"value\": \"false\"}]"),
                                s.withBootstrapNode(true))
                        .run())
                .isFalse();
        assertThat(BootstrapTasks.entries(tasks("[]").config(), 3))
                .extracting(PuppetConfigEntry::configVolume)
                .containsExactly("k_init");
        assertThat(BootstrapTasks.entries(tasks("[]").config(), 4)).isEmpty();
    }

    @Test
    void tasksOnAnotherNodeSucceedAsANoOpSayingWhy() throws Exception {
        ConfigVolumeSettings s = ConfigVolumeSettings.defaults().under(tmp).withHostname("ctl-0");
        BootstrapTasksHook hook = new BootstrapTasksHook(new ConfigVolumeGenerator(s, null));
        var r = hook.run(
                tasks("[{\"name\": \"step\", \"value\": 3}, {\"name\": \"bootstrap_node\", \"value\": \"ctl-1\"}]"),
                new dev.hearth.hook.HookContext(tmp, tmp, Duration.ofSeconds(5), Map.of(), null));
        assertThat(r.statusCode()).isZero();
        assertThat(r.stdout()).contains("skipped").contains("bootstrap node is ctl-1, this node is ctl-0");

        var noStep =
                hook.run(tasks("[]"), new dev.hearth.hook.HookContext(tmp, tmp, Duration.ofSeconds(5), Map.of(), null));
        assertThat(noStep.statusCode()).isEqualTo(1);
        assertThat(noStep.stderr()).contains("step");
    }

    static String md5(String s) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5")
                        .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
