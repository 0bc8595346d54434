package dev.hearth.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `hearth migrate` on a node configured for Debian's os-collect-config, with heat-config markers. */
class MigrateCommandTest {
    @TempDir
    Path dir;

    private Path nodeFiles() throws Exception {
        Path conf = dir.resolve("os-collect-config.conf");
        Files.writeString(conf, """
                [DEFAULT]
                command = os-refresh-config --timeout 14400
                collectors = ec2
                collectors = heat
                collectors = local
                polling_interval = 30
                min_polling_interval = 1
                splay = 5
                cachedir = %s

                [heat]
                auth_url = http://192.0.2.1:5000/v3
                user_id = 3f1c
                password = Plant-s3cret-Pw
                project_id = 9a2b
                stack_id = overcloud-Controller-0/5c1d
                resource_name = deployed-server

                [local]
                path = /var/lib/os-collect-config/local-data
                """.formatted(dir.resolve("occ-cache")));
        Path deployed = Files.createDirectories(dir.resolve("deployed"));
        Files.writeString(deployed.resolve("d1.json"), "{\"id\": \"d1\", \"group\": \"script\"}");
        Files.writeString(deployed.resolve("d1.notify.json"), "{\"deploy_status_code\": 0}");
        Files.writeString(deployed.resolve("d2.json"), "{\"id\": \"d2\", \"group\": \"docker-cmd\"}");
        Files.writeString(deployed.resolve("d3.json"), "{\"id\": \"d3\", \"group\": \"salt\"}");
        Files.writeString(deployed.resolve("d4.json"), "");
        return conf;
    }

    /** The file is one the real os-collect-config (Debian's python3-os-collect-config) accepts. */
    private void realOsCollectConfigReads(Path conf) throws Exception {
        Process p = new ProcessBuilder("os-collect-config", "--config-file", conf.toString(), "--print-cachedir")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.strip()).isEqualTo(dir.resolve("occ-cache").toString());
    }

    @Test
    void dryRunPrintsEverythingAndChangesNothing() throws Exception {
        Path conf = nodeFiles();
        realOsCollectConfigReads(conf);
        Path output = dir.resolve("etc/agent.yaml");
        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), "", Duration.ofSeconds(60), "migrate", "--dry-run",
                "--os-collect-config", conf.toString(), "--output", output.toString(),
                "--heat-config-deployed", dir.resolve("deployed").toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout())
                .contains("dry run, nothing is changed")
                .contains("collectors: heat, local")
                .contains("DEFAULT.collectors: ec2").contains("DEFAULT.cachedir").contains("DEFAULT.command arguments")
                .contains("heat-config markers to adopt on the agent's first start: 4")
                .contains("groups with no built-in Hearth hook (a Python hook is still needed): 1")
                .contains("  salt (1 marker;")
                .contains("max_interval: \"30s\"").contains("splay: \"5s\"").contains("stack_id: \"overcloud-Controller-0/5c1d\"")
                .contains("service switch: not done (dry run)")
                .contains("systemctl disable --now os-collect-config.service");
        assertThat(r.stdout() + r.stderr()).doesNotContain("Plant-s3cret-Pw");
        assertThat(output).doesNotExist();
        assertThat(dir.resolve("etc")).doesNotExist();
        assertThat(dir.resolve("deployed").toFile().list()).hasSize(5);
    }

    @Test
    void withoutDryRunWritesAgentYaml0600AndReportsTheServiceSwitchAsNotDone() throws Exception {
        Path conf = nodeFiles();
        Path output = Files.createDirectories(dir.resolve("etc")).resolve("agent.yaml");
        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), "", Duration.ofSeconds(60), "migrate",
                "--os-collect-config", conf.toString(), "--output", output.toString(),
                "--heat-config-deployed", dir.resolve("deployed").toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output))).isEqualTo("rw-------");
        String yaml = Files.readString(output);
        assertThat(yaml).contains("password: \"Plant-s3cret-Pw\"")
                .contains("heat_config_deployed_dir: \"" + dir.resolve("deployed") + "\"");
        assertThat(r.stdout()).contains("wrote " + output)
                .contains("service switch: not done (systemd is not running on this machine)")
                .contains("systemctl enable --now hearth-agent.service");
        assertThat(r.stdout() + r.stderr()).doesNotContain("Plant-s3cret-Pw");

        HearthProcess.Result check = HearthProcess.run(dir, Map.of(), "", Duration.ofSeconds(60), "config", "check",
                "--config", output.toString());
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), "", Duration.ofSeconds(60), "migrate", "--dry-run",
                "--os-collect-config", dir.resolve("nope.conf").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("nope.conf: no such file");
    }
}
