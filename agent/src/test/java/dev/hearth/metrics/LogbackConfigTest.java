package dev.hearth.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** config/logback.xml: plain lines by default, JSON lines when asked, signatures and tokens masked in both. */
class LogbackConfigTest {
    static final Path CONFIG = Path.of("..", "config", "logback.xml");

    @SuppressWarnings("unchecked")
    private static List<String> logWith(String format) throws Exception {
        return logWith(format, false);
    }

    @SuppressWarnings("unchecked")
    private static List<String> logWith(String format, boolean journal) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            if (format != null) context.putProperty("hearth.log.format", format);
            if (journal) context.putProperty("hearth.log.journal", "true");

            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(CONFIG.toFile());
            context.start();
            assertThat(context.getStatusManager().getCopyOfStatusList())
                    .allSatisfy(s -> assertThat(s.getLevel())
                            .as(s.toString())
                            .isLessThan(ch.qos.logback.core.status.Status.WARN));
            // The console appender's stream, captured into the buffer.
            var appender = (OutputStreamAppender<ILoggingEvent>)
                    context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("out");
            assertThat(appender).as("the root logger's appender is named 'out'").isNotNull();
            appender.setOutputStream(buffer);
            var log = context.getLogger("dev.hearth.signal.Signaler");
            log.info("signal for d-1 delivered");
            log.warn(
                    "PUT https://swift/v1/AUTH_x/c/o?temp_url_sig=abc123def&temp_url_expires=1 failed with Authorization: Bearer tok3n-xyz");
            log.debug("not shown at INFO");
            log.error("signal of d-2 given up");

            context.getLogger("io.netty.Whatever").info("library chatter");
            assertThat(context.getStatusManager().getCopyOfStatusList())
                    .allSatisfy(s -> assertThat(s.getLevel())
                            .as(s.toString())
                            .isLessThan(ch.qos.logback.core.status.Status.WARN));
        } finally {
            context.stop();
        }
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void plainLinesByDefault() throws Exception {
        List<String> lines = logWith(null);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[.*] dev\\.hearth\\.signal\\.Signaler - signal for d-1 delivered");
        assertThat(lines.get(1))
                .contains("temp_url_sig=*****&temp_url_expires=1", "Authorization: Bearer *****")
                .doesNotContain("abc123def")
                .doesNotContain("tok3n-xyz");
    }

    @Test
    void jsonLinesWhenAsked() throws Exception {
        List<String> lines = logWith("json");
        assertThat(lines).hasSize(3);
        JsonNode first = Json.parse(lines.get(0));
        assertThat(first.path("message").asText()).isEqualTo("signal for d-1 delivered");
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("logger_name").asText()).isEqualTo("dev.hearth.signal.Signaler");
        assertThat(first.path("service").asText()).isEqualTo("hearth-agent");
        assertThat(first.path("@timestamp").asText()).endsWith("Z");
        String second = Json.parse(lines.get(1)).path("message").asText();
        assertThat(second)
                .contains("temp_url_sig=*****", "Bearer *****")
                .doesNotContain("abc123def")
                .doesNotContain("tok3n-xyz");
    }

    @Test
    void forTheJournalEachLineStartsWithItsSyslogPriorityAndHasNoTimestamp() throws Exception {
        List<String> lines = logWith(null, true);
        assertThat(lines)
                .containsExactly(
                        "<6>INFO  [main] dev.hearth.signal.Signaler - signal for d-1 delivered",
                        "<4>WARN  [main] dev.hearth.signal.Signaler - PUT https://swift/v1/AUTH_x/c/o?temp_url_sig=*****"
                                + "&temp_url_expires=1 failed with Authorization: Bearer *****",
                        "<3>ERROR [main] dev.hearth.signal.Signaler - signal of d-2 given up");
    }

    @Test
    void jsonLinesForTheJournalCarryThePriorityToo() throws Exception {
        List<String> lines = logWith("json", true);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("<6>{");
        assertThat(lines.get(1)).startsWith("<4>{");
        assertThat(lines.get(2)).startsWith("<3>{");
        assertThat(Json.parse(lines.get(2).substring(3)).path("message").asText())
                .isEqualTo("signal of d-2 given up");
    }
}
