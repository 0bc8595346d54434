package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import dev.hearth.systemctl.Systemctl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which containers get units, what the units say, and that the real systemd-analyze accepts them. */
@org.junit.jupiter.api.Tag("systemd-analyze")
class ContainerUnitTest {
    @TempDir
    Path dir;

    private static JsonNode cfg(String json) {
        return Json.parse(json);
    }

    @Test
    void onlyLongRunningContainersWithARestartPolicyGetUnits() {
        assertThat(ContainerUnit.of("a", cfg("{\"image\": \"x\", \"restart\": \"always\"}"), null))
                .isPresent();
        assertThat(ContainerUnit.of("a", cfg("{\"image\": \"x\"}"), null)).isEmpty();
        assertThat(ContainerUnit.of("a", cfg("{\"image\": \"x\", \"restart\": \"no\"}"), null))
                .isEmpty();
        assertThat(ContainerUnit.of("a", cfg("{\"image\": \"x\", \"restart\": \"always\", \"detach\": false}"), null))
                .isEmpty();
        assertThat(ContainerUnit.of(
                        "a", cfg("{\"action\": \"exec\", \"restart\": \"always\", \"command\": [\"b\", \"c\"]}"), null))
                .isEmpty();
    }

    @Test
    void restartPoliciesMapToSystemd() {
        assertThat(ContainerUnit.of("a", cfg("{\"restart\": \"unless-stopped\"}"), null)
                        .orElseThrow()
                        .restart())
                .isEqualTo("always");
        ContainerUnit f = ContainerUnit.of("a", cfg("{\"restart\": \"on-failure:3\"}"), null)
                .orElseThrow();
        assertThat(f.restart()).isEqualTo("on-failure");
        assertThat(f.startLimitBurst()).isEqualTo(4);
        assertThat(f.serviceText()).contains("Restart=on-failure\n", "StartLimitBurst=4\n");
        assertThat(ContainerUnit.of("a", cfg("{\"restart\": \"on-failure\"}"), null)
                        .orElseThrow()
                        .startLimitBurst())
                .isNull();
    }

    @Test
    void theServiceStartsAndStopsThePodmanContainerAfterItsDependencies() {
        ContainerUnit u = ContainerUnit.of("nova_compute", cfg("""
                {"restart": "always", "stop_grace_period": "25s",
                 "depends_on": ["tripleo_nova_libvirt.service", "openvswitch"],
                 "systemd_exec_flags": {"LimitNOFILE": "65536"}}"""), Path.of("/run/x/userdata/conmon.pid"))
                .orElseThrow();
        assertThat(u.service()).isEqualTo("tripleo_nova_compute.service");
        assertThat(u.files()).containsOnlyKeys("tripleo_nova_compute.service");
        assertThat(u.serviceText())
                .contains(
                        "Wants=tripleo_nova_libvirt.service openvswitch.service\n",
                        "After=tripleo_nova_libvirt.service openvswitch.service\n",
                        "ExecStart=/usr/bin/podman start nova_compute\n",
                        "ExecStop=/usr/bin/podman stop -t 25 nova_compute\n",
                        "PIDFile=/run/x/userdata/conmon.pid\n",
                        "LimitNOFILE=65536\n",
                        "WantedBy=multi-user.target\n");
        assertThat(u.startable()).containsExactly("tripleo_nova_compute.service");
    }

    @Test
    void aHealthcheckGetsAServiceAndATimerAtItsInterval() {
        ContainerUnit dflt = ContainerUnit.of("keystone", cfg("""
                {"restart": "always", "healthcheck": {"test": "/openstack/healthcheck"}}"""), null).orElseThrow();
        assertThat(dflt.checkInterval()).isEqualTo(ContainerUnit.DEFAULT_CHECK_INTERVAL);
        assertThat(dflt.files())
                .containsOnlyKeys(
                        "tripleo_keystone.service",
                        "tripleo_keystone_healthcheck.service",
                        "tripleo_keystone_healthcheck.timer");
        assertThat(dflt.healthServiceText())
                .contains(
                        "ExecStart=/usr/bin/podman healthcheck run keystone\n", "Requisite=tripleo_keystone.service\n");
        assertThat(dflt.timerText()).contains("OnUnitActiveSec=60\n", "PartOf=tripleo_keystone.service\n");
        assertThat(dflt.startable()).containsExactly("tripleo_keystone.service", "tripleo_keystone_healthcheck.timer");
        ContainerUnit often = ContainerUnit.of("keystone", cfg("""
                {"restart": "always", "healthcheck": {"test": "true"}, "check_interval": "1m30s"}"""), null).orElseThrow();
        assertThat(often.timerText()).contains("OnUnitActiveSec=90\n");
    }

    @Test
    void badUnitKeysAreProblemsNamingTheKey() {
        assertThat(ContainerUnit.problems(cfg("""
                {"depends_on": ["ok.service", "bad name\\nExecStartPre=/bin/evil"], "check_interval": "soon",
                 "systemd_exec_flags": {"lower": "x", "Nice": {"a": 1}, "Ok": "line\\nInjected=1"}}""")))
                .extracting(ContainerUnit.Problem::key)
                .containsExactlyInAnyOrder(
                        "depends_on[1]",
                        "check_interval",
                        "systemd_exec_flags.lower",
                        "systemd_exec_flags.Nice",
                        "systemd_exec_flags.Ok");
        assertThat(ContainerUnit.problems(cfg("{\"depends_on\": \"x.service\", \"check_interval\": 0}")))
                .extracting(ContainerUnit.Problem::key)
                .containsExactly("depends_on", "check_interval");
        assertThat(ContainerUnit.problems(cfg("{\"depends_on\": [\"a.service\"], \"check_interval\": 30}")))
                .isEmpty();
    }

    @Test
    void theSpecParserRefusesBadUnitKeysBeforeAnythingIsTouched() {
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) cfg("""
                {"image": "busybox", "restart": "always", "depends_on": ["a b"]}""");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContainerSpec.parse("web", config, java.util.Map.of()))
                .isInstanceOf(DockerConfigException.class)
                .hasMessageContaining("depends_on[0]")
                .hasMessageNotContaining("a b");
    }

    @Test
    void everyUnitHearthWritesPassesSystemdAnalyzeVerify() {
        UnitFiles files = new UnitFiles(dir);
        ContainerUnit u = ContainerUnit.of("units_verify", cfg("""
                {"restart": "on-failure:2", "stop_grace_period": 5, "depends_on": ["tripleo_other.service"],
                 "healthcheck": {"test": "true"}, "check_interval": 30,
                 "systemd_exec_flags": {"LimitNOFILE": "4096", "Nice": "5"}}"""), dir.resolve("conmon.pid"))
                .orElseThrow();
        assertThat(files.write(u)).isTrue();
        assertThat(files.write(u)).as("the same content is not written again").isFalse();
        List<Path> paths = u.files().keySet().stream().map(files::path).toList();
        assertThat(Systemctl.host().verify(paths)).isEmpty();
    }

    @Test
    void systemdAnalyzeFindingsAboutTheUnitAreReported() {
        UnitFiles files = new UnitFiles(dir);
        // a well-formed key systemd does not know: accepted by the parser, reported by systemd-analyze
        ContainerUnit u = ContainerUnit.of("units_bad", cfg("""
                {"restart": "always", "systemd_exec_flags": {"NoSuchSetting": "1"}}"""), null).orElseThrow();
        files.write(u);
        List<String> problems = Systemctl.host().verify(List.of(files.path(u.service())));
        assertThat(problems).singleElement().asString().contains("NoSuchSetting");
    }

    @Test
    void healthcheckFilesGoWhenTheHealthcheckDoes() {
        UnitFiles files = new UnitFiles(dir);
        files.write(ContainerUnit.of("c", cfg("{\"restart\": \"always\", \"healthcheck\": {\"test\": \"true\"}}"), null)
                .orElseThrow());
        assertThat(files.existing("c")).hasSize(3);
        files.write(
                ContainerUnit.of("c", cfg("{\"restart\": \"always\"}"), null).orElseThrow());
        assertThat(files.existing("c")).containsExactly("tripleo_c.service");
    }
}
