package dev.hearth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.docker.DockerEndpoint;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.UnitSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code hearth bench docker} on podman's API service, small: it names the engine, both sides
 * converge, and the no-op re-apply stays at two API calls. Timings are not asserted (the machine is
 * shared); the full run's numbers are in docs/podman.md.
 */
@Tag("podman")
class DockerBenchPodmanTest {
    @Test
    void namesPodmanAndItsNoOpReApplyTakesTwoCalls() throws Exception {
        DockerHookSettings defaults = DockerHookSettings.defaults();
        DockerHookSettings settings = defaults.withDockerHost(DockerEndpoint.PODMAN_SOCKET)
                .withParallelism(4)
                .withUnits(new UnitSettings(
                        UnitSettings.Mode.NEVER,
                        defaults.units().unitDir(),
                        defaults.units().podmanLogDir()));
        List<String> progress = new ArrayList<>();
        DockerBench bench = new DockerBench(settings, Map.of(), DockerBench.DEFAULT_IMAGE, progress::add);

        DockerBench.Result r = bench.run(6, 3, 6, 2);

        assertThat(r.podman()).isTrue();
        assertThat(r.engine()).startsWith("Podman Engine ").endsWith(" at " + DockerEndpoint.PODMAN_SOCKET);
        assertThat(progress).contains("engine: " + r.engine());
        assertThat(r.systemdUnits()).isEqualTo("never");
        assertThat(r.hearthColdMs()).isPositive();
        assertThat(r.floorMs()).isPositive();
        assertThat(r.ratioTarget()).isEqualTo(1.1);
        assertThat(r.noopApiCalls()).isEqualTo(2);
    }
}
