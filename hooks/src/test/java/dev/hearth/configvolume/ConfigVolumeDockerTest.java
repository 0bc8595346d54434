package dev.hearth.configvolume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.Container;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config volumes against the real dockerd with the locally built image {@link #IMAGE} (Debian with
 * puppet 7 and rsync, built by {@code .ci/setup-puppet.sh}). Fails, never skips, without them.
 * Every container carries the label {@code dev.hearth.test=<run id>} and is removed afterwards.
 */
@Tag("dockerd")
class ConfigVolumeDockerTest {
    static final String IMAGE = System.getProperty("hearth.test.puppetImage", "hearth-test/puppet:latest");
    static final String TEST_LABEL = "dev.hearth.test";
    static final String CASE_LABEL = "dev.hearth.test.case";
    static final String RUN_ID = "configvolume-" + UUID.randomUUID();
    final String caseId = UUID.randomUUID().toString();
    PuppetContainerRunner docker;

    @TempDir
    Path tmp;

    ConfigVolumeSettings settings;
    ConfigVolumeHook hook;

    /** The engine's address, as {@code docker.host} gives it; null: the default resolution (dockerd here). */
    String host() {
        return null;
    }

    @BeforeAll
    static void quietLogs() {
        // docker-java and httpclient log every byte at DEBUG without a logback configuration.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
    }

    /** The engine and the image, per test: {@link #host()} is the subclass's, which a static set-up cannot ask. */
    void dockerAndImage() {
        docker = PuppetContainerRunner.connect(host(), Duration.ofSeconds(60));
        docker.ping();
        assertThat(docker.imagePresent(IMAGE))
                .as("image " + IMAGE + " (run .ci/setup-puppet.sh" + (host() == null ? "" : ", .ci/setup-podman.sh")
                        + ")")
                .isTrue();
    }

    @AfterEach
    void removeTestContainers() throws Exception {
        if (docker == null) return;
        try {
            for (Container c : testContainers()) docker.remove(c.getId());
        } finally {
            docker.close();
        }
    }

    /** The containers this test case left. */
    List<Container> testContainers() {
        return docker.client()
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(TEST_LABEL, RUN_ID, CASE_LABEL, caseId))
                .exec();
    }

    @BeforeEach
    void setUp() throws Exception {
        dockerAndImage();
        settings = ConfigVolumeSettings.defaults()
                .under(tmp)
                .withLabels(Map.of(TEST_LABEL, RUN_ID, CASE_LABEL, caseId))
                .withPuppetTimeout(Duration.ofMinutes(5));
        Files.createDirectories(settings.puppetEtcDir().resolve("hieradata"));
        Files.writeString(settings.puppetEtcDir().resolve("hiera.yaml"), """
                ---
                version: 5
                defaults:
                  datadir: hieradata
                  data_hash: json_data
                hierarchy:
                  - name: step
                    path: docker_puppet.json
                  - name: common
                    path: common.json
                """);
        hiera("{\"greeting\": \"hello\"}");
        hook = new ConfigVolumeHook(new ConfigVolumeGenerator(settings, docker));
    }

    void hiera(String json) throws Exception {
        Files.writeString(settings.puppetEtcDir().resolve("hieradata/common.json"), json);
    }

    static ObjectNode entry(String volume, String tags, String manifest) {
        ObjectNode e = Json.object()
                .put("config_volume", volume)
                .put("step_config", manifest)
                .put("config_image", IMAGE);
        if (tags != null) e.put("puppet_tags", tags);
        return e;
    }

    static Deployment deployment(String group, List<ObjectNode> entries, String inputsJson) {
        ObjectNode d = Json.object().put("id", "cv-" + UUID.randomUUID()).put("group", group);
        ArrayNode config = d.putArray("config");
        entries.forEach(config::add);
        d.set("inputs", Json.parse(inputsJson));
        d.putNull("options");
        return Deployment.fromJson(d, "$");
    }

    HookResponse run(List<ObjectNode> entries) throws Exception {
        List<String> progress = new ArrayList<>();
        HookResponse r = hook.run(
                deployment("docker-puppet", entries, "[]"),
                new HookContext(tmp.resolve("w"), tmp.resolve("o"), Duration.ofMinutes(10), Map.of(), progress::add));
        assertThat(progress).isNotEmpty();
        return r;
    }

    Path full(String vol) {
        return settings.configDataPrefix().resolve(vol);
    }

    Path generated(String vol) {
        return settings.puppetGeneratedDir().resolve(vol);
    }

    String sum(String vol) throws Exception {
        return VolumeChecksum.read(settings.configDataPrefix().resolve(vol + ".md5sum"));
    }

    String generatedSum(String vol) throws Exception {
        return VolumeChecksum.read(settings.puppetGeneratedDir().resolve(vol + ".md5sum"));
    }

    static final String SHARED_ONE = """
            file { '/etc/shared': ensure => directory }
            file { '/etc/shared/one.conf': content => "one ${lookup('greeting')}\\n" }
            """;
    static final String SHARED_TWO = """
            file { '/etc/shared/two.conf': content => "two step=${lookup('step')}\\n# HEADER: autogenerated at ${Timestamp()}\\n" }
            """;
    static final String EXEC = """
            file { '/etc/demo': ensure => directory }
            file { '/etc/demo/file.conf': content => "plain\\n" }
            exec { 'from-exec': command => "/bin/sh -c 'echo exec > /etc/demo/from-exec'", creates => '/etc/demo/from-exec',
                   require => File['/etc/demo'] }
            """;

    @Test
    void sharedVolumeTagsChecksumsRerunAndHieraChange() throws Exception {
        List<ObjectNode> entries = List.of(
                entry("shared", null, SHARED_ONE),
                entry("shared", "shared_tag", SHARED_TWO),
                entry("untagged", null, EXEC),
                entry("tagged", "exec", EXEC));

        HookResponse r = run(entries);

        assertThat(r.statusCode()).as(r.stderr()).isZero();
        assertThat(r.stdout())
                .contains("shared: ok", "untagged: ok", "tagged: ok")
                .doesNotContain("FAILED");
        // Two services, one volume: both manifests ran in one container; STEP defaults to 6.
        assertThat(Files.readString(full("shared").resolve("etc/shared/one.conf")))
                .isEqualTo("one hello\n");
        assertThat(Files.readString(full("shared").resolve("etc/shared/two.conf")))
                .startsWith("two step=6\n");
        assertThat(Files.readString(generated("shared").resolve("etc/shared/one.conf")))
                .isEqualTo("one hello\n");
        // The mirror has the image's files, puppet-generated only what puppet wrote; never /etc/puppet.
        assertThat(full("shared").resolve("etc/debian_version")).exists();
        assertThat(generated("shared").resolve("etc/debian_version")).doesNotExist();
        assertThat(full("shared").resolve("etc/puppet")).doesNotExist();
        // Tags: an exec is written only when the volume's tags include it.
        assertThat(full("untagged").resolve("etc/demo/file.conf")).exists();
        assertThat(full("untagged").resolve("etc/demo/from-exec")).doesNotExist();
        assertThat(Files.readString(generated("tagged").resolve("etc/demo/from-exec")))
                .isEqualTo("exec\n");
        // Checksum files: one 32-hex line, the value of the tree on disk.
        Path md5File = settings.configDataPrefix().resolve("shared.md5sum");
        assertThat(Files.readString(md5File)).matches("[0-9a-f]{32}\n");
        assertThat(sum("shared")).isEqualTo(VolumeChecksum.of(full("shared")));
        assertThat(generatedSum("shared")).isEqualTo(VolumeChecksum.of(generated("shared")));
        assertThat(sum("untagged")).isNotEqualTo(sum("tagged"));
        assertThat(testContainers())
                .as("successful puppet containers are removed")
                .isEmpty();
        try (var staging = Files.list(settings.stagingDir())) {
            assertThat(staging).isEmpty();
        }

        // Re-run without change: same checksums (the HEADER timestamp line changed), files not rewritten.
        String shared = sum("shared");
        String sharedGenerated = generatedSum("shared");
        Files.setLastModifiedTime(md5File, FileTime.fromMillis(1_000_000L));
        HookResponse again = run(entries);
        assertThat(again.statusCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("(unchanged)").doesNotContain("(changed)");
        assertThat(sum("shared")).isEqualTo(shared);
        assertThat(generatedSum("shared")).isEqualTo(sharedGenerated);
        assertThat(Files.getLastModifiedTime(md5File).toMillis()).isEqualTo(1_000_000L);

        // A changed hiera value: new checksums for the volume that uses it, the same for the others.
        String untagged = sum("untagged");
        hiera("{\"greeting\": \"bonjour\"}");
        HookResponse changed = run(entries);
        assertThat(changed.statusCode()).as(changed.stderr()).isZero();
        assertThat(Files.readString(generated("shared").resolve("etc/shared/one.conf")))
                .isEqualTo("one bonjour\n");
        assertThat(sum("shared")).isNotEqualTo(shared);
        assertThat(generatedSum("shared")).isNotEqualTo(sharedGenerated);
        assertThat(sum("untagged")).isEqualTo(untagged);
    }

    @Test
    void aFailingVolumeIsReportedKeptAndLeavesThePreviousGenerationAlone() throws Exception {
        String good = "file { '/etc/good.conf': content => \"good ${lookup('greeting')}\\n\" }\n";
        HookResponse first = run(List.of(entry("victim", null, good), entry("other", null, good)));
        assertThat(first.statusCode()).as(first.stderr()).isZero();
        String victimSum = sum("victim");

        HookResponse r = run(List.of(
                entry(
                        "victim",
                        null,
                        "file { '/etc/good.conf': content => 'changed' }\nfail('boom: broken manifest')\n"),
                entry("other", null, good.replace("good ", "better "))));

        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("victim: FAILED", "other: ok");
        assertThat(r.stderr())
                .contains("config volume victim failed: puppet container exited with 1")
                .contains("boom: broken manifest")
                .contains("kept for debugging")
                .contains("failed config volumes: victim");
        assertThat(Files.readString(full("victim").resolve("etc/good.conf"))).isEqualTo("good hello\n");
        assertThat(sum("victim")).isEqualTo(victimSum);
        assertThat(Files.readString(full("other").resolve("etc/good.conf"))).isEqualTo("better hello\n");
        List<Container> kept = testContainers();
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).getLabels()).containsEntry(ConfigVolumeGenerator.LABEL_VOLUME, "victim");
        assertThat(r.stderr()).contains(kept.get(0).getNames()[0].substring(1));
    }

    @Test
    void aFileRemovedByPuppetDisappearsFromPuppetGenerated() throws Exception {
        HookResponse first = run(List.of(entry("apache", null, """
                file { '/etc/issue.net': content => "managed\\n" }
                file { '/etc/keep.conf': content => "keep\\n" }
                """)));
        assertThat(first.statusCode()).as(first.stderr()).isZero();
        assertThat(generated("apache").resolve("etc/issue.net")).exists();
        String before = generatedSum("apache");

        HookResponse second = run(List.of(entry("apache", null, """
                file { '/etc/issue.net': ensure => absent }
                file { '/etc/keep.conf': content => "keep\\n" }
                """)));

        assertThat(second.statusCode()).as(second.stderr()).isZero();
        assertThat(generated("apache").resolve("etc/issue.net")).doesNotExist();
        assertThat(full("apache").resolve("etc/issue.net")).doesNotExist();
        assertThat(generated("apache").resolve("etc/keep.conf")).exists();
        assertThat(generatedSum("apache")).isNotEqualTo(before);
    }

    @Test
    void anExistingPasswordFileCountsInTheChecksumButIsNotReplaced() throws Exception {
        String manifest = """
                file { '/root/.my.cnf': content => "[client]\\npassword=${lookup('mysql_pw')}\\n", mode => '0600' }
                file { '/etc/mysql-client.conf': content => "greeting=${lookup('greeting')}\\n" }
                """;
        Path cnf = Path.of("root/.my.cnf");
        hiera("{\"greeting\": \"hello\", \"mysql_pw\": \"old-pw\"}");
        HookResponse first = run(List.of(entry("mysql", null, manifest)));
        assertThat(first.statusCode()).as(first.stderr()).isZero();
        // A new password file is written like any file.
        assertThat(Files.readString(full("mysql").resolve(cnf))).isEqualTo("[client]\npassword=old-pw\n");
        assertThat(Files.readString(generated("mysql").resolve(cnf))).isEqualTo("[client]\npassword=old-pw\n");
        String firstSum = sum("mysql");
        String firstGenerated = generatedSum("mysql");
        assertThat(firstSum)
                .isEqualTo(VolumeChecksum.of(
                        full("mysql"),
                        VolumeChecksum.Algorithm.TRIPLEO,
                        Map.of("/root/.my.cnf", full("mysql").resolve(cnf))));

        hiera("{\"greeting\": \"bonjour\", \"mysql_pw\": \"new-pw\"}");
        HookResponse second = run(List.of(entry("mysql", null, manifest)));

        assertThat(second.statusCode()).as(second.stderr()).isZero();
        // The other files follow puppet; the password file stays as the running service knows it.
        assertThat(Files.readString(full("mysql").resolve("etc/mysql-client.conf")))
                .isEqualTo("greeting=bonjour\n");
        assertThat(Files.readString(generated("mysql").resolve("etc/mysql-client.conf")))
                .isEqualTo("greeting=bonjour\n");
        assertThat(Files.readString(full("mysql").resolve(cnf))).isEqualTo("[client]\npassword=old-pw\n");
        assertThat(Files.readString(generated("mysql").resolve(cnf))).isEqualTo("[client]\npassword=old-pw\n");
        // ... but the new password counts in both checksums, so the service's containers are replaced.
        Path fresh = Files.writeString(tmp.resolve("fresh.my.cnf"), "[client]\npassword=new-pw\n");
        assertThat(sum("mysql"))
                .isNotEqualTo(firstSum)
                .isEqualTo(VolumeChecksum.of(
                        full("mysql"), VolumeChecksum.Algorithm.TRIPLEO, Map.of("/root/.my.cnf", fresh)));
        assertThat(generatedSum("mysql"))
                .isNotEqualTo(firstGenerated)
                .isEqualTo(VolumeChecksum.of(
                        generated("mysql"), VolumeChecksum.Algorithm.TRIPLEO, Map.of("/root/.my.cnf", fresh)));

        // Only the password changing still changes the checksum.
        String secondSum = sum("mysql");
        hiera("{\"greeting\": \"bonjour\", \"mysql_pw\": \"newer-pw\"}");
        HookResponse third = run(List.of(entry("mysql", null, manifest)));
        assertThat(third.statusCode()).as(third.stderr()).isZero();
        assertThat(third.stdout()).contains("(changed)");
        assertThat(sum("mysql")).isNotEqualTo(secondSum);
        assertThat(Files.readString(full("mysql").resolve(cnf))).isEqualTo("[client]\npassword=old-pw\n");
    }

    @Test
    void bootstrapTasksRunWithStepAndNoArchiveOnTheBootstrapNodeOnly() throws Exception {
        Path live = Files.createDirectories(tmp.resolve("live"));
        ObjectNode task = entry("keystone_init_tasks", "exec", """
                exec { 'endpoint': command => "/bin/sh -c 'echo step=${lookup('step')} host=${facts['hostname']} > /live/endpoint'" }
                """);
        task.putArray("volumes").add(live + ":/live:rw");
        BootstrapTasksHook tasks =
                new BootstrapTasksHook(new ConfigVolumeGenerator(settings.withHostname("ctl-0"), docker));
        HookContext ctx = new HookContext(tmp.resolve("w"), tmp.resolve("o"), Duration.ofMinutes(5), Map.of(), null);

        HookResponse elsewhere = tasks.run(
                deployment(
                        "docker-puppet-tasks",
                        List.of(task),
                        "[{\"name\": \"step\", \"value\": 3}, {\"name\": \"bootstrap_node\", \"value\": \"ctl-1\"}]"),
                ctx);
        assertThat(elsewhere.statusCode()).isZero();
        assertThat(elsewhere.stdout()).contains("skipped", "bootstrap node is ctl-1, this node is ctl-0");
        assertThat(live.resolve("endpoint")).doesNotExist();

        HookResponse here = tasks.run(
                deployment(
                        "docker-puppet-tasks",
                        List.of(task),
                        "[{\"name\": \"step\", \"value\": 3}, {\"name\": \"bootstrap_node\", \"value\": \"ctl-0\"},"
                                + " {\"name\": \"net_host\", \"type\": \"Boolean\", \"value\": false}]"),
                ctx);
        assertThat(here.statusCode()).as(here.stderr()).isZero();
        assertThat(Files.readString(live.resolve("endpoint"))).isEqualTo("step=3 host=ctl-0\n");
        assertThat(full("keystone_init_tasks")).doesNotExist();
        assertThat(settings.configDataPrefix().resolve("keystone_init_tasks.md5sum"))
                .doesNotExist();
    }
}
