package dev.hearth.logging;

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
import org.junit.jupiter.api.Test;

/** config/logback.xml with a deployment name from a hostile document: no raw control character reaches the output. */
class LogEscapingTest {
    private static final Path CONFIG = Path.of("..", "config", "logback.xml");
    private static final String HOSTILE = "web\r2026-01-01T00:00:00.000Z ERROR [main] forged - root password changed"
            + "\n\u001b[2Jcleared\u2028sep\u2029par\u202eevil\u0085nel";

    @SuppressWarnings("unchecked")
    private static String log(String format) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            context.putProperty("hearth.log.format", format);
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(CONFIG.toFile());
            context.start();
            var appender = (OutputStreamAppender<ILoggingEvent>)
                    context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("out");
            appender.setOutputStream(buffer);
            var log = context.getLogger("dev.hearth.deploy.DeploymentRunner");
            log.info("deployment {} (d-1) started", HOSTILE);
            log.error(
                    "deployment d-2 failed",
                    new IllegalStateException("bad name " + HOSTILE, new RuntimeException("cause " + HOSTILE)));
        } finally {
            context.stop();
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static void assertNoRawControls(String out) {
        assertThat(out).doesNotContain("\r", "\u001b", "\u2028", "\u2029", "\u202e", "\u0085");
    }

    @Test
    void plainLinesEscapeControlCharactersOfMessagesAndExceptionMessages() throws Exception {
        String out = log("plain");
        assertNoRawControls(out);
        var lines = out.lines().toList();
        assertThat(lines.get(0))
                .endsWith("deployment web\\r2026-01-01T00:00:00.000Z ERROR [main] forged - root password changed"
                        + "\\n\\x1b[2Jcleared\\u2028sep\\u2029par\\u202eevil\\u0085nel (d-1) started");
        // No line but the first two starts like a log line: the trace's lines are its own.
        assertThat(lines).filteredOn(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")).hasSize(2);
        assertThat(out)
                .contains(
                        "java.lang.IllegalStateException: bad name web\\r2026",
                        "Caused by: java.lang.RuntimeException: cause web\\r");
    }

    @Test
    void jsonLinesEscapeLineSeparatorsToo() throws Exception {
        String out = log("json");
        assertNoRawControls(out);
        var lines = out.lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = Json.parse(lines.get(0));
        // JSON's own escapes keep the line whole and the text exact for whoever parses it.
        assertThat(first.path("message").asText()).isEqualTo("deployment " + HOSTILE + " (d-1) started");
        assertThat(Json.parse(lines.get(1)).path("stack_trace").asText()).contains("bad name");
    }
}
