package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent as systemd runs it: sd_notify over a NOTIFY_SOCKET the test binds (READY=1,
 * WATCHDOG=1, RELOADING=1, STOPPING=1), journald's priority prefixes when JOURNAL_STREAM names its
 * stderr, and `hearth config check` as ExecStartPre and ExecReload run it.
 */
class SystemdServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private HearthProcess agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
    }

    private Path config(String extra) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                http:
                  listen: 127.0.0.1:%d
                heat_config_deployed_dir: %s
                %s
                """.formatted(port, dir.resolve("none"), extra));
        return config;
    }

    private int port(Path config) throws Exception {
        String text = Files.readString(config);
        int at = text.indexOf("127.0.0.1:") + "127.0.0.1:".length();
        return Integer.parseInt(text.substring(at, text.indexOf('\n', at)).trim());
    }

    @Test
    void tellsSystemdItIsReadyAliveReloadingAndStopping() throws Exception {
        Path config = config("");
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            Map<String, String> env = new HashMap<>();
            env.put("NOTIFY_SOCKET", systemd.path().toString());
            env.put("WATCHDOG_USEC", "2000000");
            agent = HearthProcess.start(
                    dir,
                    env,
                    "agent",
                    "--config",
                    config.toString(),
                    "--state-dir",
                    dir.resolve("state").toString());

            await().atMost(WAIT).until(() -> systemd.count("READY=1") == 1);
            // READY=1 comes once the listener is bound: the API answers right away.
            try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port(config))) {
                assertThat(socket.isConnected()).isTrue();
            }
            assertThat(systemd.messages().getFirst())
                    .startsWith("READY=1\n")
                    .contains("STATUS=waiting for pushed metadata");
            // WatchdogSec=2s: a ping every second while the pipeline turns.
            await().atMost(Duration.ofSeconds(15)).until(() -> systemd.count("WATCHDOG=1") >= 3);

            agent.signal("HUP");
            await().atMost(WAIT).until(() -> systemd.count("RELOADING=1") == 1 && systemd.count("READY=1") == 2);
            assertThat(systemd.messages().stream()
                            .filter(m -> m.startsWith("RELOADING=1"))
                            .findFirst()
                            .orElseThrow())
                    .containsPattern("MONOTONIC_USEC=\\d+");

            assertThat(agent.terminate(WAIT)).isZero();
            assertThat(systemd.count("STOPPING=1")).isEqualTo(1);
            assertThat(agent.stderr()).doesNotContain("cannot notify systemd");
        }
    }

    @Test
    void underJournaldEachLineCarriesItsPriorityAndNoTimestamp() throws Exception {
        Path config = config("");
        Path stderr = Files.createFile(dir.resolve("journal-stream"));
        Map<String, Object> attrs = Files.readAttributes(stderr, "unix:dev,ino");
        Map<String, String> env = Map.of("JOURNAL_STREAM", attrs.get("dev") + ":" + attrs.get("ino"));
        agent = HearthProcess.start(
                dir,
                stderr,
                env,
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
        await().atMost(WAIT).until(() -> agent.stderr().contains("hearth agent started"));

        Path doc = dir.resolve("doc.json");
        Files.writeString(doc, """
                {"deployments": [{"id": "j-1", "name": "journal-fail", "group": "script",
                  "config": "#!/bin/sh\\necho from-the-hook\\nexit 3"}]}""");
        HearthProcess.Result push = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "push",
                doc.toString(),
                "--url",
                "http://127.0.0.1:" + port(config),
                "--state-dir",
                dir.resolve("state").toString());
        assertThat(push.exitCode()).as(push.stderr()).isZero();
        await().atMost(WAIT).until(() -> agent.stderr().contains("journal-fail (j-1) failed"));

        var lines = agent.stderr().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("<6>INFO  \\[.*] .*hearth agent started.*"));
        assertThat(lines)
                .anySatisfy(
                        l -> assertThat(l).matches("<4>WARN  \\[.*] .*journal-fail \\(j-1\\) failed with status 3.*"));
        // Log lines carry no timestamp of their own: the journal stamps them.
        assertThat(lines).noneSatisfy(l -> assertThat(l).containsPattern("^<\\d>.*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d"));
        assertThat(lines)
                .allSatisfy(
                        l -> assertThat(l).matches("<[3-7]>.*|\\s+at .*|.*Exception.*|Caused by.*|\\s+\\.\\.\\. .*"));
    }

    @Test
    void underJournaldEachLineOfAHooksOutputIsLoggedTaggedWithItsDeploymentAndMasked() throws Exception {
        Path hooks = Files.createDirectories(dir.resolve("hooks"));
        Path external = hooks.resolve("answer-at-the-end");
        // An external hook (heat-agents' kind) prints nothing but its JSON answer, at the end.
        Files.writeString(external, """
                #!/bin/sh
                cat >/dev/null
                printf '%s\\n' '{"deploy_stdout": "ext-out-1\\next-out-2\\n", "deploy_stderr": "ext-err-1\\n", "deploy_status_code": 4}'
                """);
        Files.setPosixFilePermissions(external, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path config = config("hooks_dirs: [" + hooks + "]");
        Path stderr = Files.createFile(dir.resolve("journal-stream"));
        Map<String, Object> attrs = Files.readAttributes(stderr, "unix:dev,ino");
        Map<String, String> env = Map.of("JOURNAL_STREAM", attrs.get("dev") + ":" + attrs.get("ino"));
        agent = HearthProcess.start(
                dir,
                stderr,
                env,
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
        await().atMost(WAIT).until(() -> agent.stderr().contains("hearth agent started"));

        Path doc = dir.resolve("doc.json");
        Files.writeString(doc, """
                {"deployments": [
                  {"id": "o-1", "name": "puppet-like", "group": "script",
                   "inputs": [{"name": "db_password", "value": "s3cret-in-output-42"}],
                   "config": "#!/bin/sh\\necho Notice: applying\\necho Warning: on stderr >&2\\necho password is $db_password\\n"},
                  {"id": "o-2", "name": "heat-agents-hook", "group": "answer-at-the-end", "config": "x"}]}""");
        HearthProcess.Result push = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "push",
                doc.toString(),
                "--url",
                "http://127.0.0.1:" + port(config),
                "--state-dir",
                dir.resolve("state").toString());
        assertThat(push.exitCode()).as(push.stderr()).isZero();
        await().atMost(WAIT).until(() -> agent.stderr().contains("heat-agents-hook (o-2) failed"));

        var lines = agent.stderr().lines().toList();
        String tag = "<6>INFO  \\[.*] dev\\.hearth\\.hook\\.output - ";
        // Built-in hooks hand over each line as it comes, stdout and stderr alike.
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(tag + "puppet-like \\(o-1\\) \\| Notice: applying"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(tag + "puppet-like \\(o-1\\) \\| Warning: on stderr"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).matches(tag + "puppet-like \\(o-1\\) \\| password is \\*\\*\\*\\*\\*"));
        assertThat(agent.stderr()).doesNotContain("s3cret-in-output-42");
        // A hook that answers at the end: its stdout and stderr, stderr of a failure as a warning.
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).matches(tag + "heat-agents-hook \\(o-2\\) stdout \\| ext-out-1"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).matches(tag + "heat-agents-hook \\(o-2\\) stdout \\| ext-out-2"));
        assertThat(lines)
                .anySatisfy(
                        l -> assertThat(l)
                                .matches(
                                        "<4>WARN  \\[.*] dev\\.hearth\\.hook\\.output - heat-agents-hook \\(o-2\\) stderr \\| ext-err-1"));
        // The output comes before the deployment's result line, as under os-collect-config.
        int output = indexOf(lines, "heat-agents-hook (o-2) stdout | ext-out-2");
        int result = indexOf(lines, "heat-agents-hook (o-2) failed with status 4");
        assertThat(output).isNotNegative().isLessThan(result);
        assertThat(lines)
                .allSatisfy(
                        l -> assertThat(l).matches("<[3-7]>.*|\\s+at .*|.*Exception.*|Caused by.*|\\s+\\.\\.\\. .*"));
    }

    private static int indexOf(java.util.List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(part)) return i;
        return -1;
    }

    @Test
    void withoutJournaldLinesAreTimestampedAndHaveNoPriority() throws Exception {
        Path config = config("");
        agent = HearthProcess.start(
                dir,
                Map.of("JOURNAL_STREAM", "1:1"),
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
        await().atMost(WAIT).until(() -> agent.stderr().contains("hearth agent started"));
        assertThat(agent.stderr()
                        .lines()
                        .filter(l -> l.contains("hearth agent started"))
                        .findFirst()
                        .orElseThrow())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO .*");
    }

    @Test
    void configCheckExitsZeroForAValidFileAndTwoNamingTheKeyOtherwise() throws Exception {
        Path good = config("polling: {min_interval: 30s}");
        HearthProcess.Result ok =
                HearthProcess.run(dir, Map.of(), null, WAIT, "config", "check", "--config", good.toString());
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(ok.stdout()).contains(good + ": valid");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "polling:\n  min_intervall: 30s\n");
        HearthProcess.Result refused =
                HearthProcess.run(dir, Map.of(), null, WAIT, "config", "check", "--config", bad.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains("polling.min_intervall");

        HearthProcess.Result missing = HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "config",
                "check",
                "--config",
                dir.resolve("nosuch.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("nosuch.yaml: no such file");
    }

    @Test
    void aCaFileWithoutACertificateFailsTheCheckAsItFailsTheAgentsStart() throws Exception {
        Path empty = Files.writeString(dir.resolve("heat-ca.pem"), "");
        Path conf = config("heat: {ca_certificate: " + empty + "}");
        String why = "heat.ca_certificate: cannot use CA file " + empty + ": no PEM certificate in it";
        HearthProcess.Result check =
                HearthProcess.run(dir, Map.of(), null, WAIT, "config", "check", "--config", conf.toString());
        assertThat(check.exitCode()).as(check.stderr()).isEqualTo(2);
        assertThat(check.stderr()).contains(why);
        HearthProcess.Result agent = agentUntilItExits(conf);
        assertThat(agent.exitCode()).as(agent.stderr()).isEqualTo(2);
        assertThat(agent.stderr()).contains(why);
    }

    @Test
    void anAgentWithABrokenConfigurationExitsTwoSoSystemdDoesNotRestartIt() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "collectors: [nosuch]\n");
        HearthProcess.Result r = agentUntilItExits(bad);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("collectors[0]");
    }

    /** {@code hearth agent} with a configuration it refuses: it exits, within {@link #WAIT}. */
    private HearthProcess.Result agentUntilItExits(Path config) throws Exception {
        return HearthProcess.run(
                dir,
                Map.of(),
                null,
                WAIT,
                "agent",
                "--config",
                config.toString(),
                "--state-dir",
                dir.resolve("state").toString());
    }
}
