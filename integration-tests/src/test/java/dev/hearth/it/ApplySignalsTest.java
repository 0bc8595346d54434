package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import dev.hearth.testing.FakeControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hearth apply` and its signals, with the real launcher against the fake control plane: a signal
 * that can never succeed is given up at once, apply waits only for its own document's signals and
 * for a bounded time, and says which stay queued for the agent.
 */
class ApplySignalsTest {
    private static final Duration T = Duration.ofSeconds(150);

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

    private HearthProcess.Result apply(Metadata md, String name, String... options) throws Exception {
        Path doc = dir.resolve(name);
        Files.writeString(doc, md.json());
        String[] all = new String[options.length + 4];
        all[0] = "apply";
        all[1] = "--state-dir";
        all[2] = dir.resolve("state").toString();
        System.arraycopy(options, 0, all, 3, options.length);
        all[all.length - 1] = doc.toString();
        return HearthProcess.run(dir, Map.of(), null, T, all);
    }

    private static void signalTo(ObjectNode deployment, String url) {
        for (JsonNode input : deployment.get("inputs")) {
            if (input.path("name").asText().equals("deploy_signal_id")) ((ObjectNode) input).put("value", url);
        }
    }

    private JsonNode record(String id) throws Exception {
        return Json.parse(Files.readString(dir.resolve("state/deployments/" + id + ".json")));
    }

    @Test
    void signalsThatCanNeverSucceedAreGivenUpAtOnceWithTheReason() throws Exception {
        Metadata md = new Metadata(plane);
        signalTo(md.script("j1", "dep_js", "TEMP_URL_SIGNAL", "#!/bin/sh\necho js"), "javascript:alert(1)");
        md.script("g1", "dep_gone", "TEMP_URL_SIGNAL", "#!/bin/sh\necho gone");
        md.script("c1", "dep_ok", "CFN_SIGNAL", "#!/bin/sh\necho ok");
        plane.fail("/swift/", 404, 1000);

        long start = System.nanoTime();
        HearthProcess.Result r = apply(md, "doc.json");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // --signal-wait is 60 s by default: nothing here may wait for it.
        assertThat(took).as(r.stderr()).isLessThan(Duration.ofSeconds(30));
        assertThat(r.stderr())
                .contains("signal of j1 given up: deploy_signal_id is not an http or https URL (scheme javascript)")
                .contains("signal of g1 given up: HTTP 404 from PUT ");
        assertThat(r.stdout()).doesNotContain("still queued");
        assertThat(plane.requestsTo("/swift/")).hasSize(1);
        assertThat(plane.cfnSignals("dep_ok")).hasSize(1);
        assertThat(record("j1").get("signal").get("state").asText()).isEqualTo("given_up");
        assertThat(record("j1").get("signal").get("last_error").asText()).contains("scheme javascript");
        assertThat(record("g1").get("signal").get("last_error").asText())
                .contains("HTTP 404")
                .contains("not retryable");
        assertThat(dir.resolve("state/outbox/given_up/j1.json")).exists();
        assertThat(dir.resolve("state/outbox/j1.json")).doesNotExist();
    }

    @Test
    void applyWaitsOnlyForItsOwnSignalsAndSaysWhichStayQueued() throws Exception {
        plane.fail("/v1/signal/", 503, 100_000);
        Metadata first = new Metadata(plane);
        first.script("q1", "queued", "CFN_SIGNAL", "#!/bin/sh\necho queued");

        long start = System.nanoTime();
        HearthProcess.Result r1 = apply(first, "first.json", "--signal-wait", "3s");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r1.exitCode()).as(r1.stderr()).isZero();
        assertThat(took).isLessThan(Duration.ofSeconds(25));
        assertThat(r1.stdout()).contains("1 signal(s) still queued in the outbox");
        assertThat(r1.stderr())
                .contains(
                        "signal of dep_queued (q1, CFN_SIGNAL) not delivered within 3s, stays queued for the agent: HTTP 503");
        assertThat(dir.resolve("state/outbox/q1.json")).exists();

        // A later run on the same state dir, with the default --signal-wait (60 s), does not wait for q1.
        Metadata second = new Metadata(plane);
        second.script("t1", "next", "TEMP_URL_SIGNAL", "#!/bin/sh\necho next");
        start = System.nanoTime();
        HearthProcess.Result r2 = apply(second, "second.json");
        took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r2.exitCode()).as(r2.stderr()).isZero();
        assertThat(took).as(r2.stderr()).isLessThan(Duration.ofSeconds(30));
        assertThat(r2.stdout())
                .contains("1 deployment(s) in the document, 1 ran, 0 failed")
                .doesNotContain("queued");
        assertThat(r2.stderr()).doesNotContain("q1");
        assertThat(plane.object("sig/next")).isPresent();
        assertThat(dir.resolve("state/outbox/q1.json")).exists();
    }
}
