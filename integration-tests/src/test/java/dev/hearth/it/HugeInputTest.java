package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import dev.hearth.testing.FakeControlPlane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A huge config and a hook with megabytes of output: the deployment runs and its signal fits Heat's 1 MB limit (docs/heat-protocol.md#transports). */
class HugeInputTest {
    @TempDir
    Path dir;

    private FakeControlPlane plane;

    @BeforeEach
    void start() {
        plane = FakeControlPlane.start();
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    @Test
    void hugeConfigAndHugeOutputAreSignalledTrimmed() throws Exception {
        Metadata md = new Metadata(plane);
        // A 3 MB script (a long comment) that prints 3 MB on stdout and 1 MB on stderr.
        String script = "#!/bin/sh\n# " + "x".repeat(3_000_000) + "\n"
                + "head -c 3000000 /dev/zero | tr '\\0' 'o'\necho\nhead -c 1000000 /dev/zero | tr '\\0' 'e' >&2\necho THE-END\n";
        md.script("big-1", "dep_big", "CFN_SIGNAL", script);
        Path doc = dir.resolve("big.json");
        Files.writeString(doc, md.json());
        HearthProcess.Result r = HearthProcess.run(
                dir,
                Map.of(),
                null,
                Duration.ofMinutes(3),
                "apply",
                "--state-dir",
                dir.resolve("state").toString(),
                doc.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(plane.cfnSignals("dep_big")).hasSize(1);
        var request = plane.requests(x -> x.path().startsWith("/v1/signal/")).getFirst();
        assertThat(request.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(950_000);
        JsonNode signal = Json.parse(request.body());
        assertThat(signal.get("deploy_status_code").asInt()).isZero();
        // Cut from the start: the end of the output, where errors are, survives.
        assertThat(signal.get("deploy_stdout").asText()).endsWith("THE-END\n");
        assertThat(signal.get("deploy_stderr").asText()).startsWith("e").hasSizeLessThan(1_000_000);
    }
}
