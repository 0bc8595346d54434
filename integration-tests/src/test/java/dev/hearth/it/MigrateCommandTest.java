package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                .redirectErrorStream(true)
                .start();
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
        Path root = scratchRoot();
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                "",
                Duration.ofSeconds(60),
                "migrate",
                "--dry-run",
                "--os-collect-config",
                conf.toString(),
                "--output",
                output.toString(),
                "--heat-config-deployed",
                dir.resolve("deployed").toString(),
                "--state-dir",
                dir.resolve("state").toString(),
                "--root",
                root.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout())
                .contains("dry run, nothing is changed")
                .contains("collectors: heat, local")
                .contains("DEFAULT.collectors: ec2")
                .contains("DEFAULT.cachedir")
                .contains("DEFAULT.command arguments")
                .contains("heat-config markers to adopt on the agent's first start: 4")
                .contains("groups with no built-in Hearth hook (a Python hook is still needed): 1")
                .contains("  salt (1 marker;")
                .contains("max_interval: \"30s\"")
                .contains("splay: \"5s\"")
                .contains("stack_id: \"overcloud-Controller-0/5c1d\"")
                .contains("would run: systemctl --root=" + root + " disable os-collect-config.service")
                .contains("would move cron entry " + root.resolve("etc/cron.d/os-collect-config"))
                .contains("would run: systemctl --root=" + root + " enable hearth-agent.service");
        assertThat(r.stdout() + r.stderr()).doesNotContain("Plant-s3cret-Pw");
        assertThat(output).doesNotExist();
        assertThat(dir.resolve("etc")).doesNotExist();
        assertThat(dir.resolve("deployed").toFile().list()).hasSize(5);
        assertThat(dir.resolve("state")).doesNotExist();
        assertThat(systemctl(root, "is-enabled", "os-collect-config.service")).isEqualTo("enabled");
        assertThat(systemctl(root, "is-enabled", "hearth-agent.service")).isEqualTo("disabled");
        assertThat(root.resolve("etc/cron.d/os-collect-config")).exists();
    }

    /**
     * A node root with os-collect-config's unit (enabled by the real systemctl), hearth-agent.service from
     * this checkout and a cron entry. systemd does not run here: the real systemctl works on it with --root.
     */
    private Path scratchRoot() throws Exception {
        Path root = dir.resolve("root");
        Path lib = Files.createDirectories(root.resolve("lib/systemd/system"));
        Files.writeString(lib.resolve("os-collect-config.service"), """
                [Unit]
                Description=Collect metadata and run hook commands.
                [Service]
                ExecStart=/usr/bin/os-collect-config
                Restart=on-failure
                [Install]
                WantedBy=multi-user.target
                """);
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.copy(
                Path.of(System.getProperty("hearth.home"), "systemd", "hearth-agent.service"),
                etc.resolve("hearth-agent.service"));
        Files.createDirectories(root.resolve("etc/cron.d"));
        Files.writeString(
                root.resolve("etc/cron.d/os-collect-config"),
                "*/10 * * * * root /usr/bin/os-collect-config --one-time\n");
        systemctl(root, "enable", "os-collect-config.service");
        assertThat(systemctl(root, "is-enabled", "os-collect-config.service")).isEqualTo("enabled");
        return root;
    }

    private static String systemctl(Path root, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("systemctl", "--root=" + root));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void withoutDryRunWritesAgentYaml0600AndSwitchesTheUnitFiles() throws Exception {
        Path conf = nodeFiles();
        Path output = Files.createDirectories(dir.resolve("etc")).resolve("agent.yaml");
        Path root = scratchRoot();
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                "",
                Duration.ofSeconds(60),
                "migrate",
                "--os-collect-config",
                conf.toString(),
                "--output",
                output.toString(),
                "--heat-config-deployed",
                dir.resolve("deployed").toString(),
                "--state-dir",
                dir.resolve("state").toString(),
                "--root",
                root.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output)))
                .isEqualTo("rw-------");
        String yaml = Files.readString(output);
        assertThat(yaml)
                .contains("password: \"Plant-s3cret-Pw\"")
                .contains("heat_config_deployed_dir: \"" + dir.resolve("deployed") + "\"");
        assertThat(r.stdout())
                .contains("wrote " + output)
                .contains("ran: systemctl --root=" + root + " disable os-collect-config.service")
                .contains("ran: systemctl --root=" + root + " enable hearth-agent.service")
                .contains("unit files below " + root + " only; no service was stopped or started");
        assertThat(systemctl(root, "is-enabled", "os-collect-config.service")).isEqualTo("disabled");
        assertThat(systemctl(root, "is-enabled", "hearth-agent.service")).isEqualTo("enabled");
        assertThat(root.resolve("etc/cron.d/os-collect-config")).doesNotExist();
        assertThat(Files.readString(dir.resolve("state/migrate/os-collect-config.conf")))
                .isEqualTo(Files.readString(conf));
        assertThat(r.stdout() + r.stderr()).doesNotContain("Plant-s3cret-Pw");

        HearthProcess.Result check = HearthProcess.run(
                dir, Map.of(), "", Duration.ofSeconds(60), "config", "check", "--config", output.toString());
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    }

    /**
     * migrate, then the real agent pass (hearth apply with the written agent.yaml) over the adopted
     * deployment and a new one, then --back: the new one gets heat-config's marker, os-collect-config
     * its conf, unit and cron entry back, hearth-agent is disabled.
     */
    @Test
    void forwardThenBackLeavesHeatConfigMarkersForWhatHearthRan() throws Exception {
        Path conf = nodeFiles();
        String original = Files.readString(conf);
        Path output = Files.createDirectories(dir.resolve("etc")).resolve("agent.yaml");
        Path root = scratchRoot();
        Path state = dir.resolve("state");
        Path deployed = dir.resolve("deployed");
        String[] common = {
            "--os-collect-config",
            conf.toString(),
            "--output",
            output.toString(),
            "--state-dir",
            state.toString(),
            "--root",
            root.toString()
        };
        HearthProcess.Result fwd = HearthProcess.run(
                dir,
                Map.of(),
                "",
                Duration.ofSeconds(60),
                concat(new String[] {"migrate", "--heat-config-deployed", deployed.toString()}, common));
        assertThat(fwd.exitCode()).as(fwd.stdout() + fwd.stderr()).isZero();

        // d1 ran under the Python agent: its marker is adopted and it does not run again; n1 is new
        Path ran = dir.resolve("ran");
        Files.createDirectories(ran);
        Path doc = dir.resolve("doc.json");
        Files.writeString(doc, """
                {"deployments": [
                  {"id": "d1", "name": "old", "group": "script", "config": "#!/bin/sh\\ntouch %1$s/d1\\n"},
                  {"id": "n1", "name": "new-\u00e9", "group": "script", "config": "#!/bin/sh\\necho done; touch %1$s/n1\\n"}]}
                """.formatted(ran));
        HearthProcess.Result apply = HearthProcess.run(
                dir,
                Map.of(),
                null,
                Duration.ofMinutes(2),
                "apply",
                "--config",
                output.toString(),
                "--state-dir",
                state.toString(),
                doc.toString());
        assertThat(apply.exitCode()).as(apply.stdout() + apply.stderr()).isZero();
        assertThat(ran.resolve("d1")).doesNotExist();
        assertThat(ran.resolve("n1")).exists();
        assertThat(state.resolve("heat-config-adopted")).exists();

        Files.delete(conf); // whatever happened to it meanwhile, --back brings the original back
        HearthProcess.Result dry = HearthProcess.run(
                dir,
                Map.of(),
                "",
                Duration.ofSeconds(60),
                concat(new String[] {"migrate", "--back", "--dry-run"}, common));
        assertThat(dry.exitCode()).as(dry.stdout() + dry.stderr()).isZero();
        assertThat(dry.stdout())
                .contains("heat-config markers to write in " + deployed
                        + ": 1 (of 5 deployments Hearth knows; 4 had one already)")
                .contains("would run: systemctl --root=" + root + " disable hearth-agent.service")
                .contains("would restore " + conf)
                .contains("would run: systemctl --root=" + root + " enable os-collect-config.service");
        assertThat(deployed.resolve("n1.json")).doesNotExist();
        assertThat(conf).doesNotExist();
        assertThat(systemctl(root, "is-enabled", "hearth-agent.service")).isEqualTo("enabled");

        HearthProcess.Result back = HearthProcess.run(
                dir, Map.of(), "", Duration.ofSeconds(60), concat(new String[] {"migrate", "--back"}, common));
        assertThat(back.exitCode()).as(back.stdout() + back.stderr()).isZero();
        assertThat(back.stdout()).contains("containers: none stopped or removed");
        assertThat(systemctl(root, "is-enabled", "hearth-agent.service")).isEqualTo("disabled");
        assertThat(systemctl(root, "is-enabled", "os-collect-config.service")).isEqualTo("enabled");
        assertThat(root.resolve("etc/cron.d/os-collect-config")).exists();
        assertThat(Files.readString(conf)).isEqualTo(original);
        assertThat(state.resolve("heat-config-adopted")).doesNotExist();
        // heat-config's own files are left as they were; the new one is written as heat-config writes its markers
        assertThat(Files.readString(deployed.resolve("d1.json"))).isEqualTo("{\"id\": \"d1\", \"group\": \"script\"}");
        assertThat(Files.readString(deployed.resolve("n1.json")))
                .isEqualTo("{\n  \"id\": \"n1\",\n  \"name\": \"new-\\u00e9\",\n  \"group\": \"script\"\n}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deployed.resolve("n1.json"))))
                .isEqualTo("rw-------");
        // Python reads both back as heat-config and heat-config-notify would
        Process py = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import json,sys; m=json.load(open(sys.argv[1])); "
                                + "n=json.load(open(sys.argv[2])); print(m['id'], m['name'], m['group'], n['deploy_status_code'], n['deploy_stdout'].strip())",
                        deployed.resolve("n1.json").toString(),
                        deployed.resolve("n1.notify.json").toString())
                .redirectErrorStream(true)
                .start();
        String read = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(py.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(read).isEqualTo("n1 new-\u00e9 script 0 done");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                "",
                Duration.ofSeconds(60),
                "migrate",
                "--dry-run",
                "--os-collect-config",
                dir.resolve("nope.conf").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("nope.conf: no such file");
    }
}
