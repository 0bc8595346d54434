package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hearth apply` as a user runs it: the real launcher, the packaged jar, real hooks. */
class ApplyCommandTest {
    private static final Duration T = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private HearthProcess.Result apply(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "apply";
        all[1] = "--state-dir";
        all[2] = dir.resolve("state").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return HearthProcess.run(dir, Map.of(), null, T, all);
    }

    @Test
    void demoRunsOnceAndASecondPassRunsNothing() throws Exception {
        Path demo = HearthProcess.HOME.resolve("config/examples/demo-metadata.json");
        HearthProcess.Result first = apply(demo.toString());
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("3 deployment(s) in the document, 2 ran, 0 failed");
        assertThat(dir.resolve("state/deployments/5d0a5e1c-0000-4000-8000-000000000001.json"))
                .exists();
        assertThat(dir.resolve("state/deployments/5d0a5e1c-0000-4000-8000-000000000002.json"))
                .doesNotExist();

        HearthProcess.Result second = apply(demo.toString());
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("0 ran, 0 failed");
    }

    @Test
    void aFailingDeploymentExitsOneAndOthersStillRun() throws Exception {
        Path doc = dir.resolve("doc.json");
        Files.writeString(doc, """
                {"deployments": [
                  {"id": "f1", "name": "fails", "group": "script", "config": "#!/bin/sh\\necho broken >&2\\nexit 7", "options": null},
                  {"id": "f2", "name": "works", "group": "script", "config": "#!/bin/sh\\necho fine", "options": null}]}
                """);
        HearthProcess.Result r = apply("--json", doc.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode out = Json.parse(r.stdout());
        assertThat(out.get(0).get("statusCode").asInt()).isEqualTo(7);
        assertThat(out.get(0).get("note").asText()).isEqualTo("broken");
        assertThat(out.get(1).get("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void badInputExitsTwoWithAClearMessage() throws Exception {
        Path malformed = dir.resolve("bad.json");
        Files.writeString(malformed, "{\"deployments\": [ {\"id\": ");
        HearthProcess.Result r = apply(malformed.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("not a JSON document");

        Path invalid = dir.resolve("invalid.json");
        Files.writeString(invalid, "{\"deployments\": [{\"id\": \"ok\"}, {\"id\": 5}]}");
        r = apply(invalid.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("$.deployments[1].id");

        r = apply(dir.resolve("missing.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("no such file");

        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "polling:\n  min_interval: soon\n");
        r = apply("--config", config.toString(), invalid.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("polling.min_interval");
    }

    @Test
    void unknownGroupAndGarbageHookFailClearly() throws Exception {
        Path hooks = Files.createDirectories(dir.resolve("hooks"));
        Path garbage = hooks.resolve("garbage");
        Files.writeString(garbage, "#!/bin/sh\necho 'this is not json'\n");
        garbage.toFile().setExecutable(true);
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "hooks_dirs: [" + hooks + "]\nhooks:\n  timeout: 3s\n");
        Path doc = dir.resolve("doc.json");
        Files.writeString(doc, """
                [{"id": "u1", "name": "nohook", "group": "no-such-group", "config": ""},
                 {"id": "u2", "name": "garbage", "group": "garbage", "config": ""},
                 {"id": "u3", "name": "hangs", "group": "script", "config": "#!/bin/sh\\nsleep 300"}]
                """);
        HearthProcess.Result r = apply("--config", config.toString(), "--json", doc.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode out = Json.parse(r.stdout());
        assertThat(out.get(0).get("note").asText()).contains("no hook for group 'no-such-group'");
        assertThat(out.get(1).get("note").asText()).contains("did not print one JSON object");
        assertThat(out.get(2).get("statusCode").asInt()).isEqualTo(124);
    }

    @Test
    void controlCharactersFromTheDocumentAreEscapedInLogLinesAndOutput() throws Exception {
        // A name that would forge a log line (CR, then a fake line), clear the screen (ESC) and split lines
        // in viewers (U+2028), and a script whose progress output carries the same.
        var d = Json.object();
        d.put("id", "h1")
                .put("name", "web\r2026-01-01T00:00:00.000Z ERROR [main] forged - x\n\u001b[2J\u2028")
                .put("group", "script")
                .put("config", "#!/bin/sh\nprintf 'out\\r\\033[31mred\\342\\200\\250sep\\n'\n");
        d.putNull("options");
        Path doc = dir.resolve("hostile.json");
        Files.writeString(doc, "{\"deployments\": [" + Json.write(d) + "]}");

        HearthProcess.Result r = apply(doc.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        for (String out : new String[] {r.stdout(), r.stderr()}) {
            assertThat(out).doesNotContain("\r", "\u001b", "\u2028");
        }
        assertThat(r.stdout()).contains("web\\r2026-01-01T00:00:00.000Z ERROR [main] forged - x\\n\\x1b[2J\\u2028");
        assertThat(r.stderr()).contains("deployment web\\r2026").contains("out\\r\\x1b[31mred\\u2028sep");
        assertThat(r.stderr().lines()).noneMatch(l -> l.startsWith("2026-01-01T00:00:00.000Z"));
    }

    @Test
    void aStateDirOthersCanWriteIsRefusedAndLeftAsItWas() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);
        Path doc = dir.resolve("doc.json");
        Files.writeString(
                doc, "{\"deployments\": [{\"id\": \"s1\", \"group\": \"script\", \"config\": \"#!/bin/sh\\ntrue\"}]}");

        HearthProcess.Result r =
                HearthProcess.run(dir, Map.of(), null, T, "apply", "--state-dir", shared.toString(), doc.toString());

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).contains("state directory " + shared + " can be written by other users (mode 1777)");
        assertThat((Integer) Files.getAttribute(shared, "unix:mode") & 07777).isEqualTo(01777);
        try (var left = Files.list(shared)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void brokenYamlConfigsFailWithAPositionAndNoSecretInOutputOrMarkers() throws Exception {
        String secret = "Hunter2-s3cr3t-Plant";
        String yaml = "it_parse_db:\n  image: busybox\n  environment:\n    MYSQL_ROOT_PASSWORD: \"" + secret + "\n";
        com.fasterxml.jackson.databind.node.ArrayNode list = Json.mapper().createArrayNode();
        String[][] deployments = {{"p1", "docker-cmd"}, {"p2", "json-file"}, {"p3", "container-puppet"}};
        for (String[] d : deployments) {
            list.addObject()
                    .put("id", d[0])
                    .put("name", "parse-" + d[1])
                    .put("group", d[1])
                    .put("config", yaml)
                    .putNull("options");
        }
        Path doc = dir.resolve("broken-yaml.json");
        Files.writeString(doc, Json.write(Json.object().set("deployments", list)));
        HearthProcess.Result r = apply("--json", doc.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stdout() + r.stderr()).doesNotContain(secret);
        JsonNode out = Json.parse(r.stdout());
        for (int i = 0; i < deployments.length; i++) {
            assertThat(out.get(i).get("state").asText()).as(deployments[i][1]).isEqualTo("failed");
            Path marker = dir.resolve("state/deployments/" + deployments[i][0] + ".json");
            String text = Files.readString(marker);
            assertThat(text).as(deployments[i][1]).doesNotContain(secret).containsPattern("line \\d+, column \\d+");
        }
    }
    /**
     * Inputs named like secrets reach puppet (as facts), ansible (as variables) and scripts (as
     * environment) through the real agent, as heat-agents hands them on; Heat's signalling inputs do
     * not; none of them is on any command line, in the agent's output, in its log lines or markers.
     */
    @Test
    void inputsNoProcessCanBeGivenFailTheirDeploymentWithoutQuotingTheValue() throws Exception {
        // A NUL in a value cannot travel in an environment variable; the JDK says so quoting the value.
        String secret = "Nul-pw-Apply-41d7";
        String plain = "Nul-plain-Apply-9a03";
        com.fasterxml.jackson.databind.node.ArrayNode list = Json.mapper().createArrayNode();
        String[][] deployments = {
            {"nul-script", "script", "db_password", secret}, {"nul-puppet", "puppet", "motd", plain}
        };
        for (String[] d : deployments) {
            com.fasterxml.jackson.databind.node.ObjectNode item = list.addObject()
                    .put("id", d[0])
                    .put("name", d[0])
                    .put("group", d[1])
                    .put("config", d[1].equals("script") ? "#!/bin/sh\necho ran\n" : "notice('ran')");
            com.fasterxml.jackson.databind.node.ArrayNode in = item.putArray("inputs");
            in.addObject().put("name", d[2]).put("value", d[3] + "\0tail");
            in.addObject().put("name", "deploy_signal_transport").put("value", "NO_SIGNAL");
        }
        Path doc = Files.writeString(
                dir.resolve("nul.json"), Json.write(Json.object().set("deployments", list)));

        HearthProcess.Result r = apply("--json", doc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stdout() + r.stderr())
                .doesNotContain(secret)
                .doesNotContain(plain)
                .doesNotContain("crashed");
        JsonNode out = Json.parse(r.stdout());
        assertThat(out.get(0).get("note").asText())
                .contains("environment variable db_password holds a NUL character, which no process can be given");
        assertThat(out.get(1).get("note").asText())
                .contains("environment variable FACTER_motd holds a NUL character, which no process can be given");
        try (var files = Files.walk(dir.resolve("state/deployments"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f))
                        .as(f.toString())
                        .doesNotContain(secret)
                        .doesNotContain(plain);
            }
        }
    }

    @Test
    void secretLookingInputsReachTheToolsButNoLogLineMarkerOrCommandLine() throws Exception {
        String db = "Db-pw-Apply-7f3e91";
        String pw = "Deploy-pw-Apply-2c8d";
        Path ancestors = Files.writeString(dir.resolve("ancestors.sh"), """
                p=$$
                while [ "$p" -gt 1 ]; do
                  tr '\\0' ' ' < /proc/$p/cmdline; echo
                  p=$(awk '/^PPid/{print $2}' /proc/$p/status)
                done > "$1"
                """);
        String manifest = """
                file { '%s': content => "db=[${::db_password}] pw=[${::deploy_password}]" }
                exec { 'ancestors': command => '/bin/sh %s %s', path => ['/usr/bin', '/bin'] }
                notice("puppet saw ${::db_password}")
                """.formatted(dir.resolve("puppet.txt"), ancestors, dir.resolve("puppet-argv.txt"));
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - copy: {content: "db=[{{ db_password }}] pw=[{{ deploy_password | default('') }}]", dest: "%s"}
                    - command: /bin/sh %s %s
                    - debug: {msg: "ansible saw {{ db_password }}"}
                """.formatted(dir.resolve("ansible.txt"), ancestors, dir.resolve("ansible-argv.txt"));
        String script = "#!/bin/sh\necho \"script saw $db_password\"\necho \"failing with $db_password\" >&2\nexit 3\n";
        com.fasterxml.jackson.databind.node.ArrayNode list = Json.mapper().createArrayNode();
        String[][] deployments = {
            {"in-puppet", "puppet", manifest}, {"in-ansible", "ansible", playbook}, {"in-script", "script", script}
        };
        for (String[] d : deployments) {
            com.fasterxml.jackson.databind.node.ObjectNode item = list.addObject()
                    .put("id", d[0])
                    .put("name", d[0])
                    .put("group", d[1])
                    .put("config", d[2]);
            item.putNull("options");
            com.fasterxml.jackson.databind.node.ArrayNode in = item.putArray("inputs");
            in.addObject().put("name", "db_password").put("value", db);
            in.addObject().put("name", "deploy_signal_transport").put("value", "NO_SIGNAL");
            in.addObject().put("name", "deploy_password").put("value", pw);
        }
        Path doc = Files.writeString(
                dir.resolve("inputs.json"), Json.write(Json.object().set("deployments", list)));

        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of("HEAT_PUPPET_LOGDIR", dir.resolve("puppet-logs").toString()),
                null,
                T,
                "apply",
                "--debug",
                "--state-dir",
                dir.resolve("state").toString(),
                "--json",
                doc.toString());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1); // the script fails on purpose
        assertThat(Files.readString(dir.resolve("puppet.txt"))).isEqualTo("db=[" + db + "] pw=[]");
        assertThat(Files.readString(dir.resolve("ansible.txt"))).isEqualTo("db=[" + db + "] pw=[]");
        assertThat(r.stderr()).contains("puppet saw *****", "ansible saw *****", "script saw *****");
        assertThat(r.stdout() + r.stderr()).doesNotContain(db).doesNotContain(pw);
        JsonNode out = Json.parse(r.stdout());
        assertThat(out.get(2).get("note").asText()).isEqualTo("failing with *****");
        for (String argv : new String[] {"puppet-argv.txt", "ansible-argv.txt"}) {
            String lines = Files.readString(dir.resolve(argv));
            assertThat(lines).as(argv).contains("hearth").doesNotContain(db).doesNotContain(pw);
        }
        // The metadata as received is kept (state/sources, root's only), like os-collect-config's cache;
        // what Hearth writes about the runs holds no secret.
        try (var files = Files.walk(dir.resolve("state/sources"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                        .as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
        for (Path tree : new Path[] {dir.resolve("state/deployments"), dir.resolve("puppet-logs")}) {
            try (var files = Files.walk(tree)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(f))
                            .as(f.toString())
                            .doesNotContain(db)
                            .doesNotContain(pw);
                }
            }
        }
    }
}
