package dev.hearth.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.config.AgentConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LogSetupTest {

    @Test
    void aReloadAppliesTheFilesFormatAndLevelAndGoesBackToTheDefaults() {
        Properties props = new Properties();
        LogSetup setup = new LogSetup(Map.of(), props);
        assertThat(setup.changes(new AgentConfig.Log("plain", "info"))).isFalse();
        assertThat(setup.changes(new AgentConfig.Log("json", "debug"))).isTrue();
        assertThat(props).containsEntry("hearth.log.format", "json").containsEntry("hearth.log.level", "DEBUG");
        assertThat(setup.changes(new AgentConfig.Log("json", "DEBUG"))).isFalse();
        // The file went back to the defaults: so does logging.
        assertThat(setup.changes(new AgentConfig.Log("plain", "INFO"))).isTrue();
        assertThat(props).containsEntry("hearth.log.format", "plain").containsEntry("hearth.log.level", "INFO");
    }

    @Test
    void theEnvironmentAndTheCommandLineWinOverTheFileAtEveryReload() {
        Properties props = new Properties();
        props.setProperty("hearth.log.level", "WARN");
        LogSetup setup = new LogSetup(Map.of("HEARTH_LOG_FORMAT", "json"), props);
        assertThat(setup.changes(new AgentConfig.Log("plain", "debug"))).isFalse();
        assertThat(props).doesNotContainKey("hearth.log.format").containsEntry("hearth.log.level", "WARN");
    }
}
