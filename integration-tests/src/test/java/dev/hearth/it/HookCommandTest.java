package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `hearth hook GROUP` as 55-heat-config would call it: exactly one JSON object on stdout. */
class HookCommandTest {
    @TempDir
    Path dir;

    @Test
    void scriptHookPrintsOneJsonObject() throws Exception {
        String deployment = """
                {"id": "h1", "name": "h", "group": "script", "options": null,
                 "config": "#!/bin/sh\\necho n=$n b=$b; printf out > $heat_outputs_path.result",
                 "inputs": [{"name": "n", "type": "Number", "value": 5}, {"name": "b", "type": "Boolean", "value": true},
                            {"name": "deploy_password", "value": "pw-should-not-leak"}],
                 "outputs": [{"name": "result"}]}""";
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                deployment,
                Duration.ofSeconds(60),
                "hook",
                "script",
                "--state-dir",
                dir.resolve("state").toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode out = Json.parse(r.stdout());
        assertThat(out.get("deploy_stdout").asText()).isEqualTo("n=5 b=true\n");
        assertThat(out.get("deploy_status_code").asInt()).isZero();
        assertThat(out.get("result").asText()).isEqualTo("out");
        assertThat(r.stdout() + r.stderr()).doesNotContain("pw-should-not-leak");
    }

    @Test
    void garbageInputStillGivesOneJsonObject() throws Exception {
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                "{not json",
                Duration.ofSeconds(60),
                "hook",
                "script",
                "--state-dir",
                dir.resolve("state").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode out = Json.parse(r.stdout());
        assertThat(out.get("deploy_status_code").asInt()).isEqualTo(2);
        assertThat(out.get("deploy_stderr").asText()).contains("not a JSON deployment");

        r = HearthProcess.run(
                dir,
                Map.of(),
                "{}",
                Duration.ofSeconds(60),
                "hook",
                "nosuch",
                "--state-dir",
                dir.resolve("state").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(Json.parse(r.stdout()).get("deploy_stderr").asText()).contains("no built-in hook");
    }

    @Test
    void brokenInputNamesThePositionButNeverTheContentInDeployStderr() throws Exception {
        String secret = "Hunter2-s3cr3t-Plant";
        for (String input : new String[] {
            "{\"id\": \"h2\", \"group\": \"script\", \"inputs\": [{\"name\": \"deploy_password\", \"value\": \""
                    + secret,
            "{\"id\": \"h2\", \"group\": \"script\", \"inputs\": [{\"name\": \"deploy_password\", \"value\": " + secret
                    + "}]}",
            "{\"id\": \"h2\", \"inputs\": [{\"name\": \"deploy_password\", \"value\": \"" + secret + "\"} " + secret
                    + "]}"
        }) {
            HearthProcess.Result r = HearthProcess.run(
                    dir,
                    Map.of(),
                    input,
                    Duration.ofSeconds(60),
                    "hook",
                    "script",
                    "--state-dir",
                    dir.resolve("state").toString());
            assertThat(r.exitCode()).isEqualTo(2);
            JsonNode out = Json.parse(r.stdout());
            assertThat(out.get("deploy_stderr").asText())
                    .as(input)
                    .contains("line 1, column")
                    .contains("$.inputs[");
            assertThat(r.stdout() + r.stderr()).as(input).doesNotContain(secret).doesNotContain("Hunter");
        }
    }
}
