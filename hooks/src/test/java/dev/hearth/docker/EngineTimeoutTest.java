package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon that accepts and never answers must not wedge the agent: every call has a timeout. */
class EngineTimeoutTest {

    @Test
    void aHungCallTimesOutAndIsCounted(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("hung.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        SocketChannel c = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (c) {
                                ByteBuffer b = ByteBuffer.allocate(4096);
                                while (c.read(b) >= 0) b.clear(); // read the request, never answer
                            } catch (Exception ignored) {
                                // closed
                            }
                        });
                    }
                } catch (Exception ignored) {
                    // server closed
                }
            });
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            DockerHookSettings settings = new DockerHookSettings(
                    "unix://" + sock,
                    8,
                    false,
                    Duration.ofSeconds(5),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(5),
                    1,
                    Duration.ofMillis(10),
                    Duration.ofSeconds(1),
                    1,
                    false,
                    "hearth",
                    null);
            try (Engine engine = Engine.connect(settings, Map.of(), meters)) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> engine.inspect("anything"))
                        .isInstanceOf(EngineException.class)
                        .hasMessageContaining("inspect timed out");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
                assertThat(engine.calls()).isEqualTo(1);
                assertThat(meters.get(DockerMeters.API_CALLS)
                                .tag("operation", "inspect")
                                .timer()
                                .count())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void anAbsentDaemonIsRetriedForTheWindowThenReported(@TempDir Path dir) {
        DockerHookSettings settings = new DockerHookSettings(
                "unix://" + dir.resolve("none.sock"),
                8,
                false,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                1,
                Duration.ofMillis(10),
                Duration.ofSeconds(3),
                1,
                false,
                "hearth",
                null);
        // One attempt of the same call on an engine with no retry window, before the clock starts: the
        // first call loads docker-java's request path, which on a loaded 2-core machine took longer than
        // the 2 s call timeout, and a timed-out attempt ends the retries early (it is not "unreachable").
        try (Engine warmUp = Engine.connect(
                settings.withDaemonWait(settings.callTimeout(), Duration.ZERO), Map.of(), new SimpleMeterRegistry())) {
            assertThatThrownBy(warmUp::listManaged).isInstanceOf(RuntimeException.class);
        }
        try (Engine engine = Engine.connect(settings, Map.of(), new SimpleMeterRegistry())) {
            // Made before the clock starts: loading docker-java on a busy machine is not the retry window.
            // The window is seconds long because a loaded 2-core machine took over 800 ms for one first call.
            engine.client();
            long t0 = System.nanoTime();
            assertThatThrownBy(engine::listManaged)
                    .isInstanceOf(RuntimeException.class)
                    .satisfies(e -> assertThat(Engine.unreachable(e))
                            .as("the last attempt failed because nothing answers, not on a timeout: %s", e)
                            .isTrue());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(8));
            assertThat(engine.calls()).isGreaterThan(1);
        }
    }

    @Test
    void dockerHostComesFromTheSettingThenTheEnvironment() {
        DockerHookSettings d = DockerHookSettings.defaults();
        assertThat(d.resolvedHost(Map.of())).isEqualTo("unix:///var/run/docker.sock");
        assertThat(d.resolvedHost(Map.of("DOCKER_HOST", "tcp://10.0.0.1:2375"))).isEqualTo("tcp://10.0.0.1:2375");
        assertThat(d.withDockerHost("unix:///x.sock").resolvedHost(Map.of("DOCKER_HOST", "tcp://y")))
                .isEqualTo("unix:///x.sock");
    }
}
