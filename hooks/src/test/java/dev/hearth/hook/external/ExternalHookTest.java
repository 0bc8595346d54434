package dev.hearth.hook.external;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.hook.Deployment;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalHookTest {
    @TempDir
    Path dir;

    private HookResponse runHook(String body, String deploymentJson) throws Exception {
        Path exe = dir.resolve("h");
        Files.writeString(exe, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        Deployment d = Deployment.fromJson(Json.parse(deploymentJson), "$");
        return new ExternalHook("h", exe, new ProcessRunner())
                .run(d, new HookContext(dir, dir, Duration.ofSeconds(10), System.getenv(), null));
    }

    /** heat-agents' hooks sign their own requests with these: the README says an external hook gets them. */
    @Test
    void anExternalHookGetsTheWholeDeploymentCredentialsIncluded() throws Exception {
        Path seen = dir.resolve("stdin.json");
        HookResponse r = runHook("cat > " + seen + "; echo '{}'", """
                {"id": "x", "group": "h", "inputs": [
                  {"name": "deploy_password", "value": "pw-for-the-hook"},
                  {"name": "deploy_signal_id", "value": "https://cfn/v1/signal/x?Signature=sig"}]}""");
        assertThat(r.statusCode()).isZero();
        assertThat(Files.readString(seen)).contains("pw-for-the-hook").contains("Signature=sig");
    }

    @Test
    void garbageOnStdoutIsAFailureWithTheOutputKept() throws Exception {
        HookResponse r = runHook("echo 'not json'; echo oops >&2; exit 3", "{\"id\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("not json\n");
        assertThat(r.stderr()).contains("oops").contains("did not print one JSON object");
    }

    @Test
    void garbageWithExitZeroIsStillAFailure() throws Exception {
        HookResponse r = runHook("echo 'not json'", "{\"id\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(1);
    }

    @Test
    void emptyOutputWithExitZeroIsAFailureNotSilentSuccess() throws Exception {
        HookResponse r = runHook("exit 0", "{\"id\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("without printing its result");
    }

    @Test
    void hookJsonWinsEvenWithNonZeroExit() throws Exception {
        HookResponse r = runHook("echo '{\"deploy_status_code\": 0, \"extra\": 1}'; exit 5", "{\"id\":\"x\"}");
        assertThat(r.statusCode()).isZero();
        assertThat(r.body().get("extra").asInt()).isEqualTo(1);
    }

    @Test
    void stringInputsWithNonStringValuesAreGivenAsPythonStr() {
        Deployment d = Deployment.fromJson(Json.parse("""
                {"id": "x", "inputs": [
                  {"name": "m", "type": "String", "value": {"a": 1}},
                  {"name": "b", "type": "String", "value": true},
                  {"name": "n", "type": "String", "value": 5},
                  {"name": "z", "type": "String", "value": null},
                  {"name": "j", "type": "Json", "value": {"a": 1}}]}
                """), "$");
        var in = ExternalHook.heatConfigInput(d).get("inputs");
        assertThat(in.get(0).get("value").asText()).isEqualTo("{'a': 1}");
        assertThat(in.get(1).get("value").asText()).isEqualTo("True");
        assertThat(in.get(2).get("value").asText()).isEqualTo("5");
        assertThat(in.get(3).get("value").asText()).isEqualTo("None");
        assertThat(in.get(4).get("value").isObject()).isTrue();
    }

    @Test
    void groupNamesAreSanitisedLikeHeatConfig() throws Exception {
        Path hooks = Files.createDirectories(dir.resolve("hooks"));
        Path echo = hooks.resolve("echo");
        Files.writeString(echo, "#!/bin/sh\n");
        Files.setPosixFilePermissions(echo, PosixFilePermissions.fromString("rwx------"));
        HookLocator locator = new HookLocator(List.of(dir.resolve("missing"), hooks));
        assertThat(HookLocator.sanitise("ec/../ho!")).isEqualTo("echo");
        assertThat(locator.find("ec/../ho!")).contains(echo);
        assertThat(locator.find("nothing")).isEmpty();
    }
}
