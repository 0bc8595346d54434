package dev.hearth.puppet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.AncestorCommandLines;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host puppet hook with the real {@code puppet apply} (Debian's puppet 7; {@code .ci/setup-puppet.sh}
 * installs it). Fails, never skips, when puppet is missing.
 */
@Tag("puppet")
class PuppetHookTest {
    @TempDir
    Path tmp;

    Path data;
    Path work;
    Path outputs;
    PuppetHook hook;

    @BeforeAll
    static void puppetIsInstalled() throws Exception {
        Process p = new ProcessBuilder("puppet", "--version")
                .redirectErrorStream(true)
                .start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as("puppet --version (run .ci/setup-puppet.sh)").isZero();
        assertThat(v).startsWith("7.");
    }

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectories(tmp.resolve("hieradata"));
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("hiera.yaml"), """
                ---
                version: 5
                defaults:
                  datadir: %s
                  data_hash: json_data
                hierarchy:
                  - name: heat
                    path: "heat_config_%%{facts.deploy_config_name}.json"
                  - name: common
                    path: common.json
                """.formatted(data));
        Files.writeString(data.resolve("common.json"), "{\"from_common\": \"common-value\"}");
        work = tmp.resolve("work");
        outputs = tmp.resolve("outputs");
        PuppetSettings settings = new PuppetSettings(
                List.of("puppet"),
                data,
                tmp.resolve("logs"),
                tmp.resolve("debug-logs"),
                List.of(
                        "--confdir",
                        conf.toString(),
                        "--vardir",
                        tmp.resolve("var").toString()));
        hook = new PuppetHook(new ProcessRunner(), settings);
    }

    HookContext ctx() {
        return new HookContext(work, outputs, Duration.ofMinutes(3), System.getenv(), null);
    }

    static Deployment deployment(String manifest, ObjectNode options, ArrayNode inputs, String... outputs) {
        ObjectNode d = Json.object();
        d.put("id", "1f3c-puppet-" + Integer.toUnsignedString(manifest.hashCode()));
        d.put("name", "deployment_one");
        d.put("group", "puppet");
        d.put("config", manifest);
        if (options == null) d.putNull("options");
        else d.set("options", options);
        d.set("inputs", inputs);
        ArrayNode outs = d.putArray("outputs");
        for (String o : outputs) outs.addObject().put("name", o);
        return Deployment.fromJson(d, "$");
    }

    static ArrayNode inputs() {
        return Json.nodes().arrayNode();
    }

    static ArrayNode input(ArrayNode list, String name, String type, Object value) {
        ObjectNode in = list.addObject().put("name", name).put("type", type);
        in.set("value", Json.mapper().valueToTree(value));
        return list;
    }

    @Test
    void appliesAManifestThatReadsFactsAndHieraAndWritesOutputs() throws Exception {
        Path target = tmp.resolve("created/app.conf");
        Files.createDirectories(target.getParent());
        String manifest = """
                file { '%s':
                  content => "greeting=${facts['greeting']} count=${facts['count']} debug=${facts['debug']}\\n\\
                hiera_count=${lookup('count')} hiera_map=${lookup('settings')['port']} common=${lookup('from_common')}\\n",
                }
                file { "${facts['heat_outputs_path']}.result": content => 'the result' }
                """.formatted(target);
        ArrayNode in = inputs();
        input(in, "greeting", "String", "hello");
        input(in, "count", "Number", 5);
        input(in, "debug", "Boolean", true);
        input(in, "settings", "Json", Map.of("port", 8080));
        ObjectNode options = Json.object().put("enable_hiera", true).put("enable_facter", true);

        HookResponse r = hook.run(deployment(manifest, options, in, "result", "absent_output"), ctx());

        assertThat(r.statusCode()).as(r.stderr()).isZero(); // puppet's 2 (changes) is success
        assertThat(Files.readString(target))
                .isEqualTo("greeting=hello count=5 debug=true\nhiera_count=5 hiera_map=8080 common=common-value\n");
        assertThat(r.body().get("result").asText()).isEqualTo("the result");
        assertThat(r.body().has("absent_output")).isFalse();
        assertThat(r.stdout()).contains("Applied catalog");
        Path hieraFile = data.resolve("heat_config_deployment_one.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hieraFile)))
                .isEqualTo("rw-------");
        assertThat(Json.parse(Files.readString(hieraFile)).get("count").isNumber())
                .isTrue();
        try (var logs = Files.list(tmp.resolve("logs"))) {
            assertThat(logs.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.endsWith("-stdout.log"))
                    .anyMatch(n -> n.endsWith("-stderr.log"));
        }

        // Applied again: nothing to change, puppet exits 0, still success.
        HookResponse again = hook.run(deployment(manifest, options, in, "result"), ctx());
        assertThat(again.statusCode()).as(again.stderr()).isZero();
        assertThat(again.body().get("result").asText()).isEqualTo("the result");
    }

    @Test
    void detailedExitCodesZeroAndTwoSucceedFourAndSixFail() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("codes"));
        String nothing = "notice('nothing to do')\n";
        String change = "file { '%s/changed': content => 'x' }\n".formatted(dir);
        String failure = "file { '%s/missing-dir/x': content => 'x' }\n".formatted(dir);
        String changeAndFailure = "file { '%s/changed-too': content => 'y' }\n".formatted(dir) + failure;

        HookResponse r0 = hook.run(deployment(nothing, Json.object(), inputs()), ctx());
        HookResponse r2 = hook.run(deployment(change, Json.object(), inputs()), ctx());
        HookResponse r4 = hook.run(deployment(failure, Json.object(), inputs()), ctx());
        HookResponse r6 = hook.run(deployment(changeAndFailure, Json.object(), inputs()), ctx());

        assertThat(r0.statusCode()).as(r0.stderr()).isZero();
        assertThat(r2.statusCode()).as(r2.stderr()).isZero();
        assertThat(Files.readString(dir.resolve("changed"))).isEqualTo("x");
        assertThat(r4.statusCode()).isEqualTo(4);
        assertThat(r4.stderr() + r4.stdout()).contains("missing-dir");
        assertThat(r6.statusCode()).isEqualTo(6);
        assertThat(Files.readString(dir.resolve("changed-too"))).isEqualTo("y");
        for (HookResponse r : List.of(r0, r2, r4, r6)) {
            assertThat(r.body().fieldNames())
                    .toIterable()
                    .contains("deploy_stdout", "deploy_stderr", "deploy_status_code");
        }
    }

    @Test
    void optionsNullAndNoCreationTimeWork() throws Exception {
        Path target = tmp.resolve("null-options");
        ArrayNode in = input(inputs(), "word", "String", "fine");
        Deployment d = deployment("file { '%s': content => $facts['word'] }\n".formatted(target), null, in);
        assertThat(d.creationTime()).isNull();

        HookResponse r = hook.run(d, ctx());

        assertThat(r.statusCode()).as(r.stderr()).isZero();
        assertThat(Files.readString(target)).isEqualTo("fine");
    }

    static ArrayNode signallingInputs(ArrayNode in) {
        input(in, "deploy_server_id", "String", "server-uuid-1");
        input(in, "deploy_action", "String", "CREATE");
        input(in, "deploy_signal_transport", "String", "HEAT_SIGNAL");
        input(in, "deploy_signal_id", "String", "http://heat:8000/v1/signal/x?Signature=abcdefgh");
        input(in, "deploy_signal_verb", "String", "POST");
        input(in, "deploy_auth_url", "String", "http://keystone:5000/v3");
        input(in, "deploy_username", "String", "stack-user-name");
        input(in, "deploy_user_id", "String", "user-id-9f8e7d");
        input(in, "deploy_password", "String", "s3cr3t-deploy-pw");
        input(in, "deploy_project_id", "String", "project-id-6c5b4a");
        input(in, "deploy_region_name", "String", "regionOne");
        input(in, "deploy_queue_id", "String", "queue-id-3a2b1c");
        return in;
    }

    @Test
    void userInputsNamedLikeSecretsAreFactsAndHieraButNeverArgvNorOutput() throws Exception {
        Path target = tmp.resolve("inputs.txt");
        Path argv = tmp.resolve("argv.txt");
        Path ancestors = AncestorCommandLines.script(tmp);
        String manifest = """
                $h = lookup('db_password', undef, undef, 'none')
                $p = lookup('deploy_password', undef, undef, 'none')
                file { '%s':
                  content => "db=[${::db_password}] token=[${facts['api_token']}] plain=[${facts['plain']}] \\
                server=[${facts['deploy_server_id']}] action=[${facts['deploy_action']}] hiera_db=[${h}] hiera_pw=[${p}] \\
                signalling=[${facts['deploy_password']}${facts['deploy_signal_id']}${facts['deploy_signal_transport']}\\
                ${facts['deploy_signal_verb']}${facts['deploy_auth_url']}${facts['deploy_username']}${facts['deploy_user_id']}\\
                ${facts['deploy_project_id']}${facts['deploy_region_name']}${facts['deploy_queue_id']}]",
                }
                exec { 'ancestors': command => '/bin/sh %s %s', path => ['/usr/bin', '/bin'] }
                notice("the manifest saw db=${::db_password}")
                """.formatted(target, ancestors, argv);
        ArrayNode in = signallingInputs(inputs());
        input(in, "db_password", "String", "db-pw-5678");
        input(in, "api_token", "String", "token-value-1234");
        input(in, "plain", "String", "visible");
        ObjectNode options = Json.object().put("enable_hiera", true);

        HookResponse r = hook.run(deployment(manifest, options, in), ctx());

        assertThat(r.statusCode()).as(r.stderr()).isZero();
        assertThat(Files.readString(target))
                .isEqualTo("db=[db-pw-5678] token=[token-value-1234] plain=[visible] "
                        + "server=[server-uuid-1] action=[CREATE] hiera_db=[db-pw-5678] hiera_pw=[none] signalling=[]");
        String hiera = Files.readString(data.resolve("heat_config_deployment_one.json"));
        assertThat(hiera)
                .contains("db-pw-5678", "visible")
                .doesNotContain("s3cr3t", "Signature", "user-id-9f8e7d", "deploy_auth_url", "HEAT_SIGNAL");
        // The facts travel in puppet's environment; no command line from the JVM down to the exec has them.
        String commandLines = Files.readString(argv);
        assertThat(commandLines).contains("puppet").contains("apply");
        assertThat(commandLines).doesNotContain("db-pw-5678").doesNotContain("token-value-1234");
        // What puppet says about them is masked in the answer and in the kept logs.
        assertThat(r.stdout()).contains("the manifest saw db=*****");
        assertThat(Json.write(r.body()))
                .doesNotContain("db-pw-5678")
                .doesNotContain("token-value-1234")
                .doesNotContain("s3cr3t-deploy-pw");
        try (var logs = Files.list(tmp.resolve("logs"))) {
            for (Path log : logs.toList()) assertThat(Files.readString(log)).doesNotContain("db-pw-5678");
        }
    }

    @Test
    void withholdInputsKeepsNamedInputsFromTheManifestAndSecretInputsStillPassASignallingOne() throws Exception {
        Path target = tmp.resolve("withheld.txt");
        String manifest = """
                file { '%s':
                  content => "license=[${facts['license_key']}] plain=[${facts['plain']}] sig=[${facts['deploy_signal_id']}] \\
                pw=[${facts['deploy_password']}] hiera_license=[${lookup('license_key', undef, undef, 'none')}]",
                }
                """.formatted(target);
        ArrayNode in = signallingInputs(inputs());
        input(in, "license_key", "String", "lic-ABCD-1234");
        input(in, "plain", "String", "visible");
        ObjectNode options = Json.object().put("enable_hiera", true);
        options.putArray("withhold_inputs").add("license_key").add("deploy_password");
        options.putArray("secret_inputs").add("deploy_signal_id").add("deploy_password");

        HookResponse r = hook.run(deployment(manifest, options, in), ctx());

        assertThat(r.statusCode()).as(r.stderr()).isZero();
        // withhold_inputs wins over secret_inputs.
        assertThat(Files.readString(target))
                .isEqualTo("license=[] plain=[visible] "
                        + "sig=[http://heat:8000/v1/signal/x?Signature=abcdefgh] pw=[] hiera_license=[none]");
        assertThat(Files.readString(data.resolve("heat_config_deployment_one.json")))
                .doesNotContain("lic-ABCD-1234")
                .doesNotContain("s3cr3t-deploy-pw");
    }

    @Test
    void commandFollowsHeatAgentsOrder() {
        ObjectNode options = Json.object()
                .put("modulepath", "/m1:/m2")
                .put("tags", "a,b")
                .put("enable_debug", "true")
                .put("enable_verbose", true);
        PuppetHook plain = new PuppetHook(
                new ProcessRunner(),
                new PuppetSettings(List.of("puppet"), data, null, Path.of("/var/log/puppet"), List.of()));

        assertThat(plain.command(options, Path.of("/w/1.pp")))
                .containsExactly(
                        "puppet",
                        "apply",
                        "--color",
                        "false",
                        "--detailed-exitcodes",
                        "--logdest",
                        "console",
                        "--modulepath",
                        "/m1:/m2",
                        "--tags",
                        "a,b",
                        "--debug",
                        "--logdest",
                        "/var/log/puppet/heat-debug.log",
                        "--verbose",
                        "--logdest",
                        "/var/log/puppet/heat-verbose.log",
                        "/w/1.pp");
    }

    @Test
    void missingPuppetIsAFailureWithOneResponse() throws Exception {
        PuppetHook missing = new PuppetHook(
                new ProcessRunner(),
                new PuppetSettings(List.of(tmp.resolve("no-such-puppet").toString()), data, null, tmp, List.of()));

        HookResponse r = missing.run(deployment("notice('x')", null, inputs()), ctx());

        assertThat(r.statusCode()).isEqualTo(127);
        assertThat(r.stderr()).contains("cannot run");
    }
}
