package dev.hearth.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.systemctl.Systemctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch's logic against a stand-in {@code systemctl} that records its arguments and answers
 * {@code is-enabled} from files, with systemd "running" (its marker directory exists). What the
 * real systemctl does with the same calls is SystemctlRootTest's and MigrateCommandTest's.
 */
class ServiceSwitchTest {
    @TempDir
    Path tmp;

    Path log;
    Path states;
    Path cron;
    Path saved;
    ServiceSwitch services;
    final List<String> out = new ArrayList<>();

    @BeforeEach
    void fakeSystemctl() throws Exception {
        log = tmp.resolve("calls.log");
        states = Files.createDirectories(tmp.resolve("states"));
        Path fake = tmp.resolve("systemctl");
        Files.writeString(fake, """
                #!/bin/bash
                echo "$*" >> %s
                if [[ "$1" == is-enabled ]]; then
                  f=%s/"$2"
                  [[ -f "$f" ]] || { echo "Failed to get unit file state for $2: No such file or directory" >&2; exit 1; }
                  cat "$f"; [[ "$(cat "$f")" == enabled ]]; exit
                fi
                exit 0
                """.formatted(log, states));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        cron = Files.createDirectories(tmp.resolve("etc/cron.d"));
        saved = tmp.resolve("state/migrate/cron.d");
        Path running = Files.createDirectories(tmp.resolve("run/systemd/system"));
        services = new ServiceSwitch(new Systemctl(fake.toString(), Path.of("/"), running), cron, saved);
    }

    private List<String> calls() throws Exception {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private void state(String unit, String s) throws Exception {
        Files.writeString(states.resolve(unit), s + "\n");
    }

    @Test
    void forwardStopsAndDisablesOsCollectConfigThenEnablesAndStartsHearth() throws Exception {
        state("os-collect-config.service", "enabled");
        state("os-collect-config.timer", "disabled");
        state("hearth-agent.service", "disabled");
        Files.writeString(
                cron.resolve("os-collect-config"), "*/5 * * * * root /usr/bin/os-collect-config --one-time\n");
        Files.writeString(cron.resolve("other"), "# os-collect-config in a comment only\n0 * * * * root true\n");

        ServiceSwitch.Found found = services.find();
        assertThat(found.occUnits())
                .extracting(ServiceSwitch.Unit::name)
                .containsExactly("os-collect-config.service", "os-collect-config.timer");
        assertThat(found.enabledOcc()).containsExactly("os-collect-config.service");
        assertThat(found.cronFiles()).containsExactly(cron.resolve("os-collect-config"));
        services.forward(found, false, out::add);

        assertThat(calls())
                .filteredOn(c -> !c.startsWith("is-enabled"))
                .containsExactly(
                        "disable --now os-collect-config.service os-collect-config.timer",
                        "enable --now hearth-agent.service");
        assertThat(cron.resolve("os-collect-config")).doesNotExist();
        assertThat(saved.resolve("os-collect-config")).exists();
        assertThat(cron.resolve("other")).exists();
        assertThat(out).noneMatch(l -> l.contains("not running"));

        // and back: hearth first, then what was enabled before, and the cron entry
        Files.delete(log);
        services.stopHearth(false, out::add);
        services.restoreOcc(found.enabledOcc(), false, out::add);
        assertThat(calls())
                .filteredOn(c -> !c.startsWith("is-enabled"))
                .containsExactly("disable --now hearth-agent.service", "enable --now os-collect-config.service");
        assertThat(cron.resolve("os-collect-config")).exists();
        assertThat(saved.resolve("os-collect-config")).doesNotExist();
    }

    @Test
    void aDryRunOnlyAsks() throws Exception {
        state("os-collect-config.service", "enabled");
        state("hearth-agent.service", "disabled");
        Files.writeString(cron.resolve("occ"), "@reboot root os-collect-config\n");
        services.forward(services.find(), true, out::add);
        services.stopHearth(true, out::add);
        services.restoreOcc(List.of("os-collect-config.service"), true, out::add);
        assertThat(calls()).allMatch(c -> c.startsWith("is-enabled"));
        assertThat(out)
                .anyMatch(l -> l.endsWith("systemctl disable --now os-collect-config.service"))
                .anyMatch(l -> l.endsWith("systemctl enable --now hearth-agent.service"))
                .anyMatch(l -> l.startsWith("would move cron entry " + cron.resolve("occ")));
        assertThat(cron.resolve("occ")).exists();
        assertThat(saved).doesNotExist();
    }

    @Test
    void missingUnitsAreSaidNotCalled() throws Exception {
        services.forward(services.find(), false, out::add);
        assertThat(calls()).allMatch(c -> c.startsWith("is-enabled"));
        assertThat(out)
                .anyMatch(l -> l.contains("no os-collect-config.service or os-collect-config.timer unit file"))
                .anyMatch(l -> l.contains("hearth-agent.service is not installed"));
    }
}
