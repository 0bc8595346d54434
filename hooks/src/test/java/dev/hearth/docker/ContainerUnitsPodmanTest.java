package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hearth.hook.HookResponse;
import dev.hearth.systemctl.Systemctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Container units and logs against the real podman API service (its Docker-compatible socket), with
 * the unit and log directories in a temporary directory. systemd does not run on the test machines:
 * the units are written and verified with the real systemd-analyze, enabling them is skipped.
 */
@Tag("podman")
@Tag("systemd-analyze")
class ContainerUnitsPodmanTest {
    static final String PODMAN = "unix:///run/podman/podman.sock";
    private static final String IMG = DockerFixture.IMAGE;

    @TempDir
    Path dir;

    Path units;
    Path logs;
    DockerFixture fx;
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();

    @BeforeEach
    void connect() {
        units = dir.resolve("units");
        logs = dir.resolve("stdouts");
        fx = new DockerFixture(
                PODMAN, DockerHookSettings.defaults().withUnits(new UnitSettings(UnitSettings.Mode.AUTO, units, logs)));
        warnings.start();
        ((Logger) LoggerFactory.getLogger(ContainerUnits.class)).addAppender(warnings);
    }

    @AfterEach
    void cleanUp() {
        ((Logger) LoggerFactory.getLogger(ContainerUnits.class)).detachAppender(warnings);
        fx.close();
    }

    private String svc(String name, String extra) {
        return "\"" + fx.name(name) + "\": {\"image\": \"" + IMG + "\", \"command\": [\"sleep\", \"600\"], "
                + "\"restart\": \"always\"" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    @Test
    void serviceContainersGetVerifiedUnitsOneShotsNoneAndEveryOutputGoesToItsLogFile() throws Exception {
        String web = fx.name("web");
        String db = fx.name("db");
        String once = fx.name("once");
        var d = fx.deployment(
                "d1",
                "app",
                "{" + svc("web", """
                "healthcheck": {"test": "true"}, "check_interval": 30, "depends_on": ["tripleo_%s.service"],
                "start_order": 1""".formatted(db)) + ", " + svc("db", "\"stop_grace_period\": 3") + ", "
                        + "\"" + once + "\": {\"image\": \"" + IMG + "\", \"detach\": false, "
                        + "\"command\": [\"sh\", \"-c\", \"echo out-of-once; echo err-of-once >&2\"]}}");
        HookResponse r = fx.apply(d, dir);
        assertThat(r.statusCode()).as(r.stderr()).isZero();

        assertThat(new UnitFiles(units).existing(web))
                .containsExactly(
                        "tripleo_" + web + ".service",
                        "tripleo_" + web + "_healthcheck.service",
                        "tripleo_" + web + "_healthcheck.timer");
        assertThat(new UnitFiles(units).existing(db)).containsExactly("tripleo_" + db + ".service");
        assertThat(new UnitFiles(units).existing(once))
                .as("a one-shot has no unit")
                .isEmpty();
        String service = Files.readString(units.resolve("tripleo_" + web + ".service"));
        assertThat(service)
                .contains(
                        "ExecStart=/usr/bin/podman start " + web + "\n",
                        "Wants=tripleo_" + db + ".service\n",
                        "Restart=always\n");
        // the service's main process is conmon, whose pid file podman keeps with the container's run files
        String pidFile = service.lines()
                .filter(l -> l.startsWith("PIDFile="))
                .findFirst()
                .orElseThrow()
                .substring(8);
        assertThat(Path.of(pidFile)).exists();
        assertThat(Files.readString(Path.of(pidFile)).strip()).matches("\\d+");
        assertThat(Files.readString(units.resolve("tripleo_" + web + "_healthcheck.service")))
                .contains("ExecStart=/usr/bin/podman healthcheck run " + web + "\n");
        assertThat(Files.readString(units.resolve("tripleo_" + db + ".service")))
                .contains("podman stop -t 3 " + db);
        assertThat(Systemctl.host()
                        .verify(new UnitFiles(units)
                                .existing(web).stream().map(units::resolve).toList()))
                .isEmpty();

        // k8s-file lines: <time> stdout|stderr F <text>
        assertThat(Files.readString(logs.resolve(once + ".log")))
                .contains("stdout F out-of-once", "stderr F err-of-once");
        assertThat(logs.resolve(web + ".log")).exists();
        assertThat(r.stdout()).contains("created " + once);

        assertThat(warnings.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .as("systemd is not running: one warning for all containers")
                .hasSize(1)
                .first()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains("not enabled");
    }

    @Test
    void unitsFollowReplaceAndDeleteAndKeptContainersKeepTheirUnits() throws Exception {
        String web = fx.name("web");
        Path unit = units.resolve("tripleo_" + web + ".service");
        var v1 = fx.deployment("d1", "app", "{" + svc("web", "\"healthcheck\": {\"test\": \"true\"}") + "}");
        assertThat(fx.apply(v1, dir).statusCode()).isZero();
        String id1 = fx.id(web);

        // an existing unit of a kept container (paunch's, an operator's) is never rewritten
        Files.writeString(unit, "# written by paunch\n");
        HookResponse same = fx.apply(v1, dir);
        assertThat(same.stdout()).contains("kept");
        assertThat(Files.readString(unit)).isEqualTo("# written by paunch\n");
        // a kept container without units gets them
        Files.delete(unit);
        fx.apply(v1, dir);
        assertThat(Files.readString(unit)).contains("ExecStart=/usr/bin/podman start " + web);

        // replaced: the units are rewritten for the new container (its own conmon pid file), no healthcheck any more
        var v2 = fx.deployment("d2", "app", "{" + svc("web", "\"environment\": [\"V=2\"]") + "}");
        HookResponse replaced = fx.apply(v2, dir);
        assertThat(replaced.statusCode()).as(replaced.stderr()).isZero();
        assertThat(replaced.stdout()).contains("replaced " + web);
        String id2 = fx.id(web);
        assertThat(id2).isNotEqualTo(id1);
        assertThat(Files.readString(unit)).contains(id2).doesNotContain(id1);
        assertThat(new UnitFiles(units).existing(web)).containsExactly("tripleo_" + web + ".service");

        // no restart policy any more: no unit
        var v3 = fx.deployment(
                "d3", "app", "{\"" + web + "\": {\"image\": \"" + IMG + "\", \"command\": [\"sleep\", \"600\"]}}");
        assertThat(fx.apply(v3, dir).statusCode()).isZero();
        assertThat(unit).doesNotExist();

        assertThat(fx.apply(v2, dir).statusCode()).isZero();
        assertThat(unit).exists();
        HookResponse deleted = fx.apply(fx.deployment("d2", "app", "DELETE", dev.hearth.json.Json.parse("{}")), dir);
        assertThat(deleted.statusCode()).as(deleted.stderr()).isZero();
        assertThat(fx.exists(web)).isFalse();
        assertThat(new UnitFiles(units).existing(web)).isEmpty();
    }

    @Test
    void unitsFollowARenamedContainer() throws Exception {
        String web = fx.name("web");
        // the wanted name is held by a container of another tool
        assertThat(fx.docker(
                                "create",
                                "--name",
                                web,
                                "--label",
                                "hearth-test=" + fx.run,
                                "--label",
                                "managed_by=another-tool",
                                IMG,
                                "sleep",
                                "600")
                        .exitCode())
                .isZero();
        var d = fx.deployment("d1", "app", "{" + svc("web", "") + "}");
        HookResponse r = fx.apply(d, dir);
        assertThat(r.statusCode()).as(r.stderr()).isZero();
        String suffixed = fx.stackContainers().getFirst();
        assertThat(suffixed).startsWith(web + "-");
        assertThat(units.resolve("tripleo_" + suffixed + ".service")).exists();

        fx.docker("rm", "-f", web);
        fx.hook.cleanup(List.of(d));
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.exists(web));
        assertThat(units.resolve("tripleo_" + suffixed + ".service")).doesNotExist();
        assertThat(Files.readString(units.resolve("tripleo_" + web + ".service")))
                .contains("ExecStart=/usr/bin/podman start " + web + "\n");
    }
}
