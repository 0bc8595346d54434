package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hearth.hook.HookResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dockerd restarted while a deployment runs: one clean answer, and the next pass converges. */
@Tag("dockerd")
class DockerdRestartTest {

    @Test
    void aDeploymentSurvivesADockerdRestart(@TempDir Path dir) throws Exception {
        try (PrivateDockerd dockerd = new PrivateDockerd();
                DockerFixture fx = new DockerFixture(dockerd.host, DockerHookSettings.defaults())) {
            String slow = fx.name("slow");
            String svc = fx.name("svc");
            String img = DockerFixture.IMAGE;
            var d = fx.deployment(
                    "d1",
                    "app",
                    "{\"" + slow + "\": {\"image\": \"" + img + "\", \"detach\": false,"
                            + " \"command\": [\"sh\", \"-c\", \"sleep 3\"]},"
                            + "\"" + svc + "\": {\"image\": \"" + img + "\", \"start_order\": 1, \"net\": \"none\","
                            + " \"command\": [\"sleep\", \"600\"]}}");
            CompletableFuture<HookResponse> first = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    first.complete(fx.apply(d, dir));
                } catch (Throwable t) {
                    first.completeExceptionally(t);
                }
            });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> fx.exists(slow)
                            && fx.inspect(slow).get("State").get("Running").asBoolean());
            dockerd.restart();

            HookResponse r = first.get(3, TimeUnit.MINUTES);
            assertThat(r.statusCode()).isIn(0, 1);
            // whatever the restart broke is named (the one-shot killed, or a create/start refused meanwhile)
            if (r.statusCode() != 0) assertThat(r.stderr()).containsAnyOf(slow, svc);

            HookResponse again = fx.apply(d, dir);
            assertThat(again.statusCode()).as(again.stderr()).isZero();
            assertThat(fx.inspect(svc).get("State").get("Running").asBoolean()).isTrue();
            assertThat(fx.inspect(slow).get("State").get("ExitCode").asInt()).isZero();
        }
    }
}
