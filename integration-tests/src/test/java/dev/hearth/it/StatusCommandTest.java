package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth status ID} through the real bin/hearth against a running agent: one deployment with its output tail. */
class StatusCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SECRET = "s3cret-for-status-77";

    @TempDir
    Path dir;

    private HearthProcess agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
    }

    @Test
    void showsOneDeploymentWithTheLastLinesOfItsOutputMaskedAsTextAndJson() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                http:
                  listen: 127.0.0.1:%d
                heat_config_deployed_dir: %s
                """.formatted(port, dir.resolve("none")));
        String state = dir.resolve("state").toString();
        agent = HearthProcess.start(dir, Map.of(), "agent", "--config", config.toString(), "--state-dir", state);
        await().atMost(WAIT).until(() -> agent.stderr().contains("hearth agent started"));

        Path doc = dir.resolve("doc.json");
        Files.writeString(doc, """
                {"deployments": [{"id": "s-1", "name": "thirty-lines", "group": "script",
                  "inputs": [{"name": "db_password", "value": "%s"}],
                  "config": "#!/bin/sh\\nfor i in $(seq 1 30); do echo out-$i; done\\necho err-1 >&2\\necho err-2 $db_password >&2\\nexit 5\\n"}]}
                """.formatted(SECRET));
        HearthProcess.Result push = HearthProcess.run(
                dir, Map.of(), null, WAIT, "push", doc.toString(), "--config", config.toString(), "--state-dir", state);
        assertThat(push.exitCode()).as(push.stderr()).isZero();
        await().atMost(WAIT).until(() -> status("s-1", "--json").stdout().contains("\"failed\""));

        HearthProcess.Result text = status("s-1", "--lines", "5");
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        List<String> lines = text.stdout().lines().toList();
        assertThat(lines)
                .contains(
                        "id:          s-1",
                        "name:        thirty-lines",
                        "group:       script",
                        "source:      push",
                        "state:       failed",
                        "status code: 5",
                        "stdout (last 5 of 30 lines):",
                        "  | out-26",
                        "  | out-30",
                        "stderr:",
                        "  | err-1",
                        "  | err-2 *****");
        assertThat(lines).doesNotContain("  | out-25");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("signal:      none"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("finished: +\\d{4}-\\d\\d-\\d\\dT.*Z"));
        // stdout's lines come before stderr's, in their order.
        assertThat(lines.indexOf("  | out-26")).isLessThan(lines.indexOf("  | out-30"));
        assertThat(lines.indexOf("  | out-30")).isLessThan(lines.indexOf("stderr:"));
        assertThat(text.stdout()).doesNotContain(SECRET);

        HearthProcess.Result json = status("s-1", "--json", "-n", "3");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode record = Json.parse(json.stdout());
        assertThat(record.path("id").asText()).isEqualTo("s-1");
        assertThat(record.path("state").asText()).isEqualTo("failed");
        assertThat(record.path("status_code").asInt()).isEqualTo(5);
        assertThat(record.path("stdout_tail").asText()).isEqualTo("out-28\nout-29\nout-30");
        assertThat(record.path("stderr_tail").asText()).isEqualTo("err-1\nerr-2 *****");
        assertThat(json.stdout()).doesNotContain(SECRET);

        HearthProcess.Result all = status("s-1", "--lines", "0");
        assertThat(all.stdout()).contains("stdout:\n  | out-1\n").contains("  | out-30");

        HearthProcess.Result unknown = status("no-such-id");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("knows no deployment no-such-id");

        HearthProcess.Result negative = status("s-1", "--lines", "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.stderr()).contains("--lines must be 0 or more");

        // Without an ID: the list, as before.
        HearthProcess.Result list = HearthProcess.run(
                dir, Map.of(), null, WAIT, "status", "--config", config.toString(), "--state-dir", state);
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains("s-1").contains("thirty-lines").doesNotContain("out-30");
    }

    private HearthProcess.Result status(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("status"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of(
                "--config",
                dir.resolve("agent.yaml").toString(),
                "--state-dir",
                dir.resolve("state").toString()));
        return HearthProcess.run(dir, Map.of(), null, WAIT, cmd.toArray(String[]::new));
    }
}
