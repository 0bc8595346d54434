package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.hook.HookResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking over a podman node: containers that tripleo-ansible's container management, paunch's podman
 * runner and the Python docker-cmd hook created with the podman CLI (their labels, their create
 * options: conmon pid file, k8s-file log) are adopted when docker_config asks for the same settings:
 * the same container, never restarted, and an existing {@code tripleo_<name>.service} left as it is.
 */
@Tag("podman")
class PodmanAdoptionTest {
    private static final String IMG = DockerFixture.IMAGE;

    @TempDir
    Path dir;

    DockerFixture fx;

    @BeforeEach
    void connect() {
        fx = new DockerFixture(DockerEndpoint.PODMAN_SOCKET, DockerHookSettings.defaults());
    }

    @AfterEach
    void cleanUp() {
        try {
            fx.docker("volume", "rm", "-f", fx.name("data"));
        } finally {
            fx.close();
        }
    }

    /** {@code podman run -d} with the options the old managers gave every container. */
    private void podmanRun(String name, List<String> options, String... command) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--detach=true",
                "--name",
                name,
                "--conmon-pidfile=" + dir.resolve(name + ".pid"),
                "--log-driver",
                "k8s-file",
                "--log-opt",
                "path=" + dir.resolve(name + ".log"),
                "--label",
                "hearth-test=" + fx.run));
        args.addAll(options);
        args.add(IMG);
        args.addAll(List.of(command));
        DockerFixture.Result r = fx.podman(args.toArray(String[]::new));
        assertThat(r.exitCode()).as("podman run %s: %s", name, r.err()).isZero();
    }

    private String startedAt(String name) {
        return fx.inspect(name).get("State").get("StartedAt").asText();
    }

    @Test
    void containersOfTripleoAnsiblePaunchAndThePythonHookAreAdoptedNotRestarted() throws Exception {
        String keystone = fx.name("keystone");
        String memcached = fx.name("memcached");
        String legacy = fx.name("legacy");
        Path conf = Files.createDirectories(dir.resolve("conf"));

        // tripleo_container_manage: config_data is Python's repr of the container's dict (ansible
        // turns the label's value into a string), managed_by=tripleo_ansible, no restart policy.
        podmanRun(
                keystone,
                List.of(
                        "--label", "config_id=tripleo_step3",
                        "--label", "container_name=" + keystone,
                        "--label", "managed_by=tripleo_ansible",
                        "--label",
                                "config_data={'image': '" + IMG + "', 'net': 'none', 'privileged': False,"
                                        + " 'restart': 'always', 'command': ['sleep', '600'],"
                                        + " 'environment': {'KOLLA_CONFIG_STRATEGY': 'COPY_ALWAYS'},"
                                        + " 'volumes': ['" + conf + "/:/etc/keystone:ro']}",
                        "--net", "none",
                        "--env", "KOLLA_CONFIG_STRATEGY=COPY_ALWAYS",
                        "--volume", conf + "/:/etc/keystone:ro"),
                "sleep",
                "600");
        // paunch's podman runner: config_data as JSON, managed_by=paunch.
        podmanRun(
                memcached,
                List.of(
                        "--label",
                        "config_id=tripleo_step1",
                        "--label",
                        "container_name=" + memcached,
                        "--label",
                        "managed_by=paunch",
                        "--label",
                        "config_data={\"image\": \"" + IMG + "\", \"net\": \"none\", \"restart\": \"always\","
                                + " \"command\": [\"sleep\", \"600\"], \"volumes\": [\"" + fx.name("data")
                                + ":/data\"]}",
                        "--net",
                        "none",
                        "--volume",
                        fx.name("data") + ":/data"),
                "sleep",
                "600");
        // The Python docker-cmd hook: no config_data, so the settings are read from inspect, where
        // podman writes binds as src:/dst:ro,rprivate,rbind without the source's trailing slash and
        // lists an anonymous volume among them.
        podmanRun(
                legacy,
                List.of(
                        "--label", "managed_by=docker-cmd",
                        "--label", "config_id=python-era",
                        "--label", "container_name=" + legacy,
                        "--label", "deploy_stack_id=" + fx.stack,
                        "--label", "deploy_resource_name=app",
                        "--net", "none",
                        "--env", "A=1",
                        "--volume", conf + "/:/etc/legacy:ro",
                        "--volume", "/scratch"),
                "sleep",
                "600");
        // tripleo_container_manage's unit for keystone; memcached has none.
        Path units = fx.settings.units().unitDir();
        Files.createDirectories(units);
        Path keystoneUnit = units.resolve("tripleo_" + keystone + ".service");
        String written = "# written by tripleo_container_manage\n[Unit]\nDescription=keystone container\n"
                + "[Service]\nRestart=always\nExecStart=/usr/bin/podman start " + keystone + "\nType=forking\n"
                + "PIDFile=" + dir.resolve(keystone + ".pid") + "\n[Install]\nWantedBy=multi-user.target\n";
        Files.writeString(keystoneUnit, written);
        Files.setLastModifiedTime(keystoneUnit, FileTime.fromMillis(1_000_000_000L));
        List<String> ids = List.of(fx.id(keystone), fx.id(memcached), fx.id(legacy));
        List<String> started = List.of(startedAt(keystone), startedAt(memcached), startedAt(legacy));

        var d = fx.deployment(
                "d1", "app", """
                {"%s": {"image": "%s", "net": "none", "privileged": false, "restart": "always",
                        "command": ["sleep", "600"], "environment": {"KOLLA_CONFIG_STRATEGY": "COPY_ALWAYS"},
                        "volumes": ["%s/:/etc/keystone:ro"]},
                 "%s": {"image": "%s", "net": "none", "restart": "always", "command": ["sleep", "600"],
                        "volumes": ["%s:/data"]},
                 "%s": {"image": "%s", "net": "none", "command": ["sleep", "600"], "environment": ["A=1"],
                        "volumes": ["%s/:/etc/legacy:ro", "/scratch"]}}
                """.formatted(keystone, IMG, conf, memcached, IMG, fx.name("data"), legacy, IMG, conf));
        HookResponse r = fx.apply(d, dir);

        assertThat(r.statusCode()).as(r.stderr()).isZero();
        assertThat(r.stdout())
                .contains("kept " + keystone + " (adopted from managed_by=tripleo_ansible)")
                .contains("kept " + memcached + " (adopted from managed_by=paunch)")
                .contains("kept " + legacy + " (adopted from managed_by=docker-cmd)")
                .doesNotContain("replaced", "created");
        assertThat(List.of(fx.id(keystone), fx.id(memcached), fx.id(legacy))).isEqualTo(ids);
        assertThat(List.of(startedAt(keystone), startedAt(memcached), startedAt(legacy)))
                .as("not restarted")
                .isEqualTo(started);
        assertThat(Files.readString(keystoneUnit)).isEqualTo(written);
        assertThat(Files.getLastModifiedTime(keystoneUnit).toMillis()).isEqualTo(1_000_000_000L);
        // a kept container without a unit gets Hearth's
        assertThat(units.resolve("tripleo_" + memcached + ".service")).exists();

        // changed settings: replaced by a Hearth container, whose unit replaces the old one
        var changed = fx.deployment("d2", "app", """
                {"%s": {"image": "%s", "net": "none", "privileged": false, "restart": "always",
                        "command": ["sleep", "700"], "environment": {"KOLLA_CONFIG_STRATEGY": "COPY_ALWAYS"},
                        "volumes": ["%s/:/etc/keystone:ro"]}}
                """.formatted(keystone, IMG, conf));
        HookResponse r2 = fx.apply(changed, dir);
        assertThat(r2.statusCode()).as(r2.stderr()).isZero();
        assertThat(r2.stdout()).contains("replaced " + keystone).contains("was managed by tripleo_ansible");
        assertThat(fx.inspect(keystone)
                        .get("Config")
                        .get("Labels")
                        .get("managed_by")
                        .asText())
                .isEqualTo("hearth");
        assertThat(Files.readString(keystoneUnit)).doesNotContain("tripleo_container_manage");
    }
}
