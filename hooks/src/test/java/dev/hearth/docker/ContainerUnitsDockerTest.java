package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.hook.HookResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On dockerd the daemon restarts containers: units only when configured, logs as the daemon keeps them. */
@Tag("dockerd")
@Tag("systemd-analyze")
class ContainerUnitsDockerTest {
    private static final String IMG = DockerFixture.IMAGE;

    @TempDir
    Path dir;

    private static String svc(DockerFixture fx, String name) {
        return "{\"" + fx.name(name) + "\": {\"image\": \"" + IMG + "\", \"command\": [\"sleep\", \"600\"], "
                + "\"net\": \"host\", \"restart\": \"always\", \"healthcheck\": {\"test\": \"true\"}}}";
    }

    @Test
    void autoWritesNoUnitAndKeepsTheDaemonsLogDriver() throws Exception {
        Path units = dir.resolve("units");
        Path logs = dir.resolve("stdouts");
        try (var fx = new DockerFixture(
                null, DockerHookSettings.defaults().withUnits(new UnitSettings(UnitSettings.Mode.AUTO, units, logs)))) {
            HookResponse r = fx.apply(fx.deployment("d1", "app", svc(fx, "web")), dir);
            assertThat(r.statusCode()).as(r.stderr()).isZero();
            assertThat(units).doesNotExist();
            assertThat(logs).doesNotExist();
            assertThat(fx.inspect(fx.name("web"))
                            .at("/HostConfig/LogConfig/Type")
                            .asText())
                    .isNotEqualTo("k8s-file");
            assertThat(fx.inspect(fx.name("web"))
                            .at("/HostConfig/RestartPolicy/Name")
                            .asText())
                    .isEqualTo("always");
        }
    }

    @Test
    void alwaysWritesVerifiedUnitsOnDockerdToo() throws Exception {
        Path units = dir.resolve("units");
        try (var fx = new DockerFixture(
                null,
                DockerHookSettings.defaults().withUnits(new UnitSettings(UnitSettings.Mode.ALWAYS, units, null)))) {
            String web = fx.name("web");
            HookResponse r = fx.apply(fx.deployment("d1", "app", svc(fx, "web")), dir);
            assertThat(r.statusCode()).as(r.stderr()).isZero();
            assertThat(new UnitFiles(units).existing(web)).hasSize(3);
            assertThat(Files.readString(units.resolve("tripleo_" + web + ".service")))
                    .doesNotContain("PIDFile=");
            fx.apply(fx.deployment("d1", "app", "DELETE", dev.hearth.json.Json.parse("{}")), dir);
            assertThat(new UnitFiles(units).existing(web)).isEmpty();
        }
    }

    @Test
    void neverWritesNone() throws Exception {
        Path units = dir.resolve("units");
        try (var fx = new DockerFixture(
                null,
                DockerHookSettings.defaults().withUnits(new UnitSettings(UnitSettings.Mode.NEVER, units, null)))) {
            assertThat(fx.apply(fx.deployment("d1", "app", svc(fx, "web")), dir).statusCode())
                    .isZero();
            assertThat(units).doesNotExist();
        }
    }
}
