package dev.hearth.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.AncestorCommandLines;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code ansible-playbook}; fails (does not skip) when it is not installed. */
@Tag("ansible")
class AnsibleHookTest {
    private static final String SECRET = "Hunter2-deploy-secret";
    private static final String DB_SECRET = "db-pass-Qq9876";
    private static final String ALLOWED_SECRET = "allowed-token-Zz1234";

    @TempDir
    Path dir;

    private final AnsibleHook hook =
            new AnsibleHook(new AnsiblePlaybook(new ProcessRunner(), "ansible-playbook"), null);

    private static String play(String tasks) {
        return "- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks;
    }

    private ObjectNode deployment(String playbook) {
        ObjectNode d = Json.object();
        d.put("id", "dep-1");
        d.put("name", "ansible-test");
        d.put("group", "ansible");
        if (playbook == null) d.putNull("config");
        else d.put("config", playbook);
        d.putNull("options");
        ArrayNode inputs = d.putArray("inputs");
        inputs.addObject().put("name", "foo").put("type", "String").put("value", "bar");
        inputs.addObject().put("name", "a_number").put("type", "Number").put("value", 5);
        inputs.addObject().put("name", "a_flag").put("type", "Boolean").put("value", true);
        inputs.addObject().put("name", "a_map").put("type", "Json").set("value", Json.parse("{\"k\": [1, 2]}"));
        inputs.addObject().put("name", "deploy_password").put("type", "String").put("value", SECRET);
        inputs.addObject().put("name", "db_password").put("type", "String").put("value", DB_SECRET);
        inputs.addObject().put("name", "api_token").put("type", "String").put("value", ALLOWED_SECRET);
        d.putArray("outputs").addObject().put("name", "result");
        return d;
    }

    private HookContext context(Map<String, String> env) {
        return new HookContext(dir.resolve("work"), dir.resolve("outputs"), Duration.ofMinutes(2), env, null);
    }

    private HookResponse run(ObjectNode d) throws InterruptedException {
        return hook.run(Deployment.fromJson(d, "$"), context(System.getenv()));
    }

    @Test
    void typedInputsReachThePlaybookAndDeclaredOutputsComeBack() throws Exception {
        HookResponse r = run(deployment(play("""
                    - name: write output from typed inputs
                      copy:
                        content: "{{ a_number + 1 }} {{ a_flag | bool }} {{ a_map.k | sum }} {{ foo }} {{ heat_config_id }}"
                        dest: "{{ heat_outputs_path }}.result"
                """)));
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.body().get("result").asText()).isEqualTo("6 True 3 bar dep-1");
        assertThat(r.body().has("deploy_stdout")).isTrue();
        assertThat(r.body().has("deploy_stderr")).isTrue();
    }

    @Test
    void failingTaskIsNamedInTheResponse() throws Exception {
        HookResponse r = run(deployment(play("""
                    - name: fine task
                      debug: msg=ok
                    - name: the broken task
                      command: /bin/false
                    - name: never reached
                      debug: msg=unreachable-marker
                """)));
        assertThat(r.statusCode()).isEqualTo(2);
        assertThat(r.stdout()).contains("TASK [the broken task]").doesNotContain("unreachable-marker");
        assertThat(r.stderr()).contains("failed task: the broken task");
    }

    @Test
    void tagsAndSkipTagsSelectTasksAndCallbackPluginsReachTheEnvironment() throws Exception {
        String pb = play("""
                    - name: first
                      debug: msg=marker-one
                      tags: [one]
                    - name: second
                      debug: msg=marker-two
                      tags: [two]
                    - name: callbacks
                      debug: msg="callbacks={{ lookup('env', 'ANSIBLE_CALLBACK_PLUGINS') }}"
                      tags: [always]
                """);
        ObjectNode tagged = deployment(pb);
        tagged.putObject("options").put("tags", "one").put("callback_plugins", "/opt/cb");
        HookResponse r = run(tagged);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.stdout())
                .contains("marker-one")
                .doesNotContain("marker-two")
                .contains("callbacks=/opt/cb");

        ObjectNode skipped = deployment(pb);
        skipped.putObject("options").putArray("skip_tags").add("one");
        r = run(skipped);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.stdout()).doesNotContain("marker-one").contains("marker-two");
    }

    @Test
    void optionsNullWorks() throws Exception {
        ObjectNode d = deployment(play("    - debug: msg=null-options-ok\n"));
        d.putNull("options");
        HookResponse r = run(d);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.stdout()).contains("null-options-ok");
    }

    @Test
    void missingAnsiblePlaybookIsAFailureWithTheReason() throws Exception {
        AnsibleHook missing = new AnsibleHook(
                new AnsiblePlaybook(
                        new ProcessRunner(),
                        dir.resolve("nonexistent/ansible-playbook").toString()),
                null);
        HookResponse r = missing.run(
                Deployment.fromJson(deployment(play("    - debug: msg=x\n")), "$"), context(System.getenv()));
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("nonexistent/ansible-playbook not found");
        assertThat(dir.resolve("work/dep-1_variables.json")).doesNotExist();
    }

    @Test
    void commandComesFromHeatAnsibleCmd() throws Exception {
        AnsibleHook fromEnv = AnsibleHook.fromEnvironment(
                new ProcessRunner(), Map.of("HEAT_ANSIBLE_CMD", "/nonexistent/ansible-playbook-from-env"));
        HookResponse r = fromEnv.run(
                Deployment.fromJson(deployment(play("    - debug: msg=x\n")), "$"), context(System.getenv()));
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("/nonexistent/ansible-playbook-from-env not found");
    }

    @Test
    void emptyPlaybookIsAFailure() throws Exception {
        HookResponse blank = run(deployment("  \n"));
        assertThat(blank.statusCode()).isEqualTo(1);
        assertThat(blank.stderr()).contains("empty playbook");
        HookResponse none = run(deployment(null));
        assertThat(none.statusCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("empty playbook");
    }

    @Test
    void userInputsNamedLikeSecretsAreVariablesInA0600FileNeverArgvAndMaskedInTheOutput() throws Exception {
        Path copy = dir.resolve("vars-copy.json");
        Path mode = dir.resolve("vars-mode.txt");
        Path argv = dir.resolve("argv.txt");
        Path ancestors = AncestorCommandLines.script(dir);
        Path seen = dir.resolve("seen.txt");
        ObjectNode d = deployment(play("""
                    - name: copy the vars file while it exists
                      copy:
                        src: "{{ playbook_dir }}/{{ heat_config_id }}_variables.json"
                        dest: "%s"
                    - name: its mode
                      stat:
                        path: "{{ playbook_dir }}/{{ heat_config_id }}_variables.json"
                      register: st
                    - copy:
                        content: "{{ st.stat.mode }}"
                        dest: "%s"
                    - name: the command lines from this task up to the JVM
                      command: /bin/sh %s %s
                    - name: what the playbook sees
                      copy:
                        content: "db={{ db_password }} token={{ api_token }} pw={{ deploy_password | default('none') }}"
                        dest: "%s"
                    - name: print a secret-looking input
                      debug: msg="db={{ db_password }}"
                """.formatted(copy, mode, ancestors, argv, seen)));
        HookResponse r = run(d);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();

        assertThat(Files.readString(seen)).isEqualTo("db=" + DB_SECRET + " token=" + ALLOWED_SECRET + " pw=none");
        String vars = Files.readString(copy);
        JsonNode parsed = Json.parse(vars);
        assertThat(parsed.get("a_number").isNumber()).isTrue();
        assertThat(parsed.get("a_map").isObject()).isTrue();
        assertThat(parsed.get("heat_config_id").asText()).isEqualTo("dep-1");
        assertThat(parsed.get("heat_outputs_path").asText())
                .isEqualTo(dir.resolve("outputs/dep-1").toString());
        assertThat(vars).doesNotContain(SECRET).contains(DB_SECRET).contains(ALLOWED_SECRET);
        assertThat(parsed.has("deploy_password")).isFalse();
        assertThat(Files.readString(mode)).isEqualTo("0600");
        assertThat(dir.resolve("work/dep-1_variables.json")).doesNotExist();
        assertThat(dir.resolve("work/dep-1_playbook.yaml")).exists();

        String commandLines = Files.readString(argv);
        assertThat(commandLines).contains("ansible-playbook").contains("_variables.json");
        assertThat(commandLines)
                .doesNotContain(DB_SECRET)
                .doesNotContain(ALLOWED_SECRET)
                .doesNotContain(SECRET);

        String body = Json.write(r.body());
        assertThat(body).doesNotContain(SECRET).doesNotContain(DB_SECRET).doesNotContain(ALLOWED_SECRET);
        assertThat(r.stdout()).contains("db=*****");
    }

    @Test
    void withholdInputsKeepsNamedInputsOutOfTheVariables() throws Exception {
        Path seen = dir.resolve("seen.txt");
        ObjectNode d = deployment(play("""
                    - copy:
                        content: "foo={{ foo | default('none') }} db={{ db_password | default('none') }} n={{ a_number }}"
                        dest: "%s"
                """.formatted(seen)));
        d.putObject("options").put("withhold_inputs", "foo, db_password");
        HookResponse r = run(d);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(Files.readString(seen)).isEqualTo("foo=none db=none n=5");
    }

    @Test
    void worksWithAHomeThatDoesNotExistAndLeavesItAlone() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        Path home = dir.resolve("no-such-home");
        env.put("HOME", home.toString());
        HookResponse r =
                hook.run(Deployment.fromJson(deployment(play("    - command: /bin/true\n")), "$"), context(env));
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(home).doesNotExist();
        assertThat(dir.resolve("work/.ansible")).isDirectory();
    }

    @Test
    void inventoryOptionAsHostListOrRelativePath() {
        PlaybookInvocation local = PlaybookInvocation.local(Path.of("/w/p.yaml"), Path.of("/w/v.json"));
        assertThat(local.arguments())
                .containsExactly("-i", "localhost,", "-c", "local", "/w/p.yaml", "--extra-vars", "@/w/v.json");
        PlaybookInvocation all =
                new PlaybookInvocation("/w/hosts", "/m", "s", "t", Path.of("/w/p.yaml"), Path.of("/w/v.json"));
        assertThat(all.arguments())
                .containsExactly(
                        "-i",
                        "/w/hosts",
                        "--module-path",
                        "/m",
                        "--skip-tags",
                        "s",
                        "--tags",
                        "t",
                        "/w/p.yaml",
                        "--extra-vars",
                        "@/w/v.json");
        assertThat(PlaybookInvocation.localOnly("web1,localhost,")).isFalse();
        assertThat(PlaybookInvocation.localOnly("127.0.0.1,")).isTrue();
    }

    @Test
    void inventoryOptionIsAPathInTheWorkingDirectoryAndAStructuredPlaybookIsAccepted() throws Exception {
        Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("work/hosts"), "[nodes]\nlocalhost ansible_connection=local\n");
        ObjectNode d = deployment(null);
        d.set("config", Json.parse("""
                [{"hosts": "nodes", "gather_facts": false,
                  "tasks": [{"name": "in group", "debug": {"msg": "groups={{ group_names | join(',') }}"}}]}]
                """));
        d.putObject("options").put("inventory", "hosts");
        HookResponse r = run(d);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.stdout()).contains("groups=nodes");
    }
}
