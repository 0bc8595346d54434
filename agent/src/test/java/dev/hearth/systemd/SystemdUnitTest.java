package dev.hearth.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.Agent;
import dev.hearth.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * systemd/hearth-agent.service agrees with the code it runs (.ci/check-surface.sh checks it with
 * systemd-analyze verify).
 */
class SystemdUnitTest {
    static final Path UNIT = Path.of("..", "systemd", "hearth-agent.service");

    private static List<String> settings(String key) throws Exception {
        return Files.readAllLines(UNIT).stream()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1))
                .toList();
    }

    private static Duration seconds(String value) {
        assertThat(value).matches("\\d+s");
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }

    @Test
    void systemdWaitsLongerForAStopThanTheAgentTakes() throws Exception {
        Duration timeout = seconds(settings("TimeoutStopSec").getFirst());
        assertThat(Agent.STOP_BOUND).isGreaterThan(Agent.SHUTDOWN_GRACE);
        assertThat(timeout).isGreaterThan(Agent.STOP_BOUND);
    }

    @Test
    void theUnitIsNotifiedAndNeverRestartsABadConfiguration() throws Exception {
        assertThat(settings("Type")).containsExactly("notify");
        assertThat(settings("RestartPreventExitStatus")).containsExactly(Integer.toString(ExitCodes.BAD_INPUT));
        assertThat(settings("Conflicts")).containsExactly("os-collect-config.service");
        assertThat(seconds(settings("WatchdogSec").getFirst())).isGreaterThan(Duration.ofSeconds(10));
    }

    @Test
    void startAndReloadCheckTheConfigurationFirst() throws Exception {
        String check = "/usr/local/bin/hearth config check --config /etc/hearth/agent.yaml";
        assertThat(settings("ExecStartPre")).containsExactly(check);
        assertThat(settings("ExecReload")).containsExactly(check, "/bin/kill -HUP $MAINPID");
    }

    @Test
    void theLogFormatComesFromAgentYamlNotFromTheUnit() throws Exception {
        assertThat(Files.readString(UNIT)).doesNotContain("HEARTH_LOG_FORMAT=");
    }
}
