package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerSpecTest {
    private static final ConfigHashes NO_HASHES = new ConfigHashes(Path.of("/nonexistent-config-data"));

    private static ObjectNode obj(String json) {
        return (ObjectNode) Json.parse(json);
    }

    private static ContainerSpec spec(String json, Map<String, String> env) {
        return ContainerSpec.parse("web", obj(json), env);
    }

    @Test
    void everyKeyIsParsedWithDockerCliSemantics() {
        ContainerSpec s = spec("""
                {"image": "img:1", "detach": true, "remove": true, "interactive": true, "tty": true,
                 "net": "host", "ipc": "host", "pid": "host", "uts": "host",
                 "ulimit": ["nofile=1024:2048", "nproc=512"],
                 "healthcheck": {"test": "/bin/true", "interval": "1m30s", "timeout": 5, "retries": 3},
                 "privileged": "false", "restart": "on-failure:3", "user": 0, "group_add": ["wheel"],
                 "volumes": ["/etc/hosts:/etc/hosts:ro", "", "logs:/var/log", "/data", "/a:/b:ro,z"],
                 "volumes_from": ["other:ro"], "log_tag": "web", "cpu_shares": 512, "mem_limit": "1g",
                 "memswap_limit": -1, "mem_swappiness": 10, "security_opt": "label:disable",
                 "stop_signal": "SIGTERM", "hostname": "h1", "extra_hosts": ["db:10.0.0.1"],
                 "cpuset_cpus": "0-1", "stop_grace_period": "1m30.5s", "cap_add": ["NET_ADMIN", "CAP_SYS_TIME"],
                 "cap_drop": ["ALL"], "command": "sh -c \\"echo hi\\"", "start_order": 2, "exit_codes": [0, 2]}
                """, Map.of());
        var o = s.options();
        assertThat(s.image()).isEqualTo("img:1");
        assertThat(s.command()).containsExactly("sh", "-c", "\"echo", "hi\"");
        assertThat(o.remove()).isTrue();
        assertThat(o.ulimits())
                .containsExactly(
                        new ContainerSpec.UlimitSpec("nofile", 1024, 2048),
                        new ContainerSpec.UlimitSpec("nproc", 512, 512));
        assertThat(o.healthcheck().test()).containsExactly("CMD-SHELL", "/bin/true");
        assertThat(o.healthcheck().intervalNanos()).isEqualTo(90_000_000_000L);
        assertThat(o.healthcheck().timeoutNanos()).isEqualTo(5_000_000_000L);
        assertThat(o.privileged()).isFalse();
        assertThat(o.user()).isEqualTo("0");
        assertThat(o.volumes())
                .extracting(ContainerSpec.VolumeSpec::kind)
                .containsExactly(
                        ContainerSpec.VolumeSpec.Kind.BIND, ContainerSpec.VolumeSpec.Kind.NAMED,
                        ContainerSpec.VolumeSpec.Kind.ANONYMOUS, ContainerSpec.VolumeSpec.Kind.BIND);
        assertThat(o.memLimit()).isEqualTo(1L << 30);
        assertThat(o.memswapLimit()).isEqualTo(-1L);
        assertThat(o.securityOpt()).containsExactly("label=disable");
        assertThat(o.stopGracePeriod()).isEqualTo(91);
        assertThat(o.capAdd()).containsExactly("NET_ADMIN", "SYS_TIME");
        assertThat(s.startOrder()).isEqualTo(2);
        assertThat(s.exitCodes()).containsExactly(0, 2);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void environmentListResolvesBareNamesAndMapIsSortedWithPythonSpelling() {
        ContainerSpec list = spec("""
                {"image": "i", "environment": ["A=1", "", "FROM_AGENT", "UNSET_ONE"]}""", Map.of("FROM_AGENT", "x y"));
        assertThat(list.env()).containsExactly("A=1", "FROM_AGENT=x y", "UNSET_ONE");
        ContainerSpec map = spec("""
                {"image": "i", "environment": {"Z": "z", "B": true, "C": 0, "A": 1.5}}""", Map.of());
        assertThat(map.env()).containsExactly("A=1.5", "B=True", "C", "Z=z");
        assertThat(map.warnings()).anyMatch(w -> w.contains("'environment'") && w.contains("C"));
    }

    @Test
    void envFilesAreParsedByHearthAndComeFirst(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("env");
        Files.writeString(f, "# comment\n\nFOO=bar baz\nBARE\n  SPACED=1\n");
        ContainerSpec s = spec(
                "{\"image\": \"i\", \"env_file\": \"" + f + "\", \"environment\": [\"X=1\"]}",
                Map.of("BARE", "from-agent"));
        assertThat(s.env()).containsExactly("FOO=bar baz", "BARE=from-agent", "SPACED=1", "X=1");
    }

    @Test
    void ignoredAndUnknownKeysAreWarnings() {
        ContainerSpec s = spec("{\"image\": \"i\", \"config_volume\": \"nova\", \"fancy\": 1}", Map.of());
        assertThat(s.warnings()).hasSize(2);
        assertThat(s.warnings().get(0)).contains("'web'").contains("config_volume");
        assertThat(s.warnings().get(1)).contains("fancy").contains("unknown");
    }

    @Test
    void wrongValuesNameTheContainerAndTheKey() {
        assertThatThrownBy(() -> spec("{\"image\": \"i\", \"mem_limit\": \"lots\"}", Map.of()))
                .isInstanceOf(DockerConfigException.class)
                .hasMessageContaining("container 'web' key 'mem_limit'");
        assertThatThrownBy(() -> spec("{\"image\": \"i\", \"action\": \"frobnicate\"}", Map.of()))
                .hasMessageContaining("key 'action'")
                .hasMessageContaining("frobnicate");
        assertThatThrownBy(() -> spec("{\"net\": \"host\"}", Map.of()))
                .hasMessageContaining("container 'web' key 'image': is required");
        assertThatThrownBy(() -> spec("{\"image\": \"i\", \"volumes\": [\"/a:/b:c:d\"]}", Map.of()))
                .hasMessageContaining("key 'volumes'");
        assertThatThrownBy(() -> spec("{\"image\": \"i\", \"volumes\": [\"/a:/b:rx\"]}", Map.of()))
                .hasMessageContaining("unknown option 'rx'");
        assertThatThrownBy(() -> spec("{\"image\": \"i\", \"ulimit\": \"nofile=1\"}", Map.of()))
                .hasMessageContaining("key 'ulimit': must be a list");
        assertThatThrownBy(() -> spec("{\"image\": \"i\", \"restart\": \"sometimes\"}", Map.of()))
                .hasMessageContaining("key 'restart'");
        assertThatThrownBy(() -> spec("{\"image\": \"i\", \"stop_grace_period\": \"soon\"}", Map.of()))
                .hasMessageContaining("key 'stop_grace_period'");
        assertThatThrownBy(() -> spec("{\"image\": \"i\", \"cap_add\": [\"FLY\"]}", Map.of()))
                .hasMessageContaining("key 'cap_add'");
        assertThatThrownBy(() -> spec("{\"action\": \"exec\", \"command\": [\"target\"]}", Map.of()))
                .hasMessageContaining("key 'command'");
    }

    @Test
    void allProblemsOfADeploymentAreReportedTogether() {
        assertThatThrownBy(() -> DockerConfig.parse(Json.parse("""
                {"a": {"image": "i", "mem_limit": "lots"}, "b": {"action": "dance", "image": "i"}}"""), Map.of(), NO_HASHES))
                .isInstanceOfSatisfying(
                        DockerConfigException.class,
                        e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void configMayBeAYamlStringAndKeepsOrder() {
        DockerConfig c = DockerConfig.parse(Json.nodes().textNode("""
                zeta: {image: i, start_order: 1}
                alpha:
                  image: i
                  command: [sleep, "10"]
                """), Map.of(), NO_HASHES);
        assertThat(c.containers().keySet()).containsExactly("zeta", "alpha");
        assertThat(c.containers().get("alpha").command()).containsExactly("sleep", "10");
        assertThat(DockerConfig.parse(Json.nodes().textNode(""), Map.of(), NO_HASHES)
                        .containers())
                .isEmpty();
        assertThat(DockerConfig.parse(null, Map.of(), NO_HASHES).containers()).isEmpty();
    }

    @Test
    void unitsFollowTheDockerCli() {
        assertThat(Units.bytes(Json.nodes().textNode("512m"))).isEqualTo(512L << 20);
        assertThat(Units.bytes(Json.nodes().textNode("1GB"))).isEqualTo(1L << 30);
        assertThat(Units.bytes(Json.nodes().numberNode(1024))).isEqualTo(1024);
        assertThat(Units.durationNanos(Json.nodes().textNode("1h2m3s4ms5us"))).isEqualTo(3_723_004_005_000L);
        assertThat(Units.durationWholeSeconds(Json.nodes().numberNode(2.1))).isEqualTo(3);
    }

    @Test
    void configDataComparisonIsStructural() {
        assertThat(ConfigData.same(
                        Json.parse("{\"a\": 1, \"b\": [1, {\"c\": true}]}"),
                        Json.parse("{\"b\": [1.0, {\"c\": true}], \"a\": 1.0}")))
                .isTrue();
        assertThat(ConfigData.differingKeys(Json.parse("{\"a\": 1, \"b\": 2}"), Json.parse("{\"a\": 1, \"c\": 2}")))
                .containsExactly("b", "c");
        assertThat(ConfigData.read("{'image': 'x'}")).isPresent(); // YAML flow, as paunch read it
    }

    @Test
    void imageReferencesFollowDockersGrammar() {
        for (String ok : new String[] {
            "busybox",
            "busybox:1.36",
            "hearth-test/busybox:latest",
            "registry.example.com:8787/tripleo/nova-api:16.2",
            "localhost/a__b/c-d.e:tag_1",
            "[::1]:5000/x",
            "quay.io/x@sha256:" + "a".repeat(64),
            "x:1@sha256:" + "0".repeat(64)
        }) {
            assertThat(ImageRefs.isValid(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {
            "busybox latest",
            "busybox\nlatest",
            " busybox",
            "busybox ",
            "Busybox",
            "busybox:",
            "busybox:-x",
            "a//b",
            "x@sha256:abc",
            "busybox\r",
            "x/" + "a".repeat(260),
            ""
        }) {
            assertThat(ImageRefs.isValid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void anInvalidImageReferenceIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> spec("{\"image\": \"busybox latest\"}", Map.of()))
                .isInstanceOf(DockerConfigException.class)
                .hasMessageContaining("container 'web' key 'image': is not a valid image reference")
                .hasMessageNotContaining("busybox latest");
        assertThatThrownBy(() -> spec("{\"image\": \"busybox\\nlatest\"}", Map.of()))
                .hasMessageContaining("key 'image': is not a valid image reference");
    }
}
