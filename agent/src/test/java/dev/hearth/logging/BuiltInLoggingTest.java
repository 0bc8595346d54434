package dev.hearth.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.ClassicEnvUtil;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in plain setup writes exactly what config/logback.xml writes, and steps aside where the XML must rule. */
class BuiltInLoggingTest {
    static final Path XML = Path.of("..", "config", "logback.xml");
    /** A class path without the test run's logback-test.xml, as the packaged jar's. */
    static final ClassLoader PACKAGED = ClassLoader.getPlatformClassLoader();
    /** One failure for both setups: its stack trace is part of what they write. */
    @SuppressWarnings("StaticAssignmentOfThrowable") // one instance on purpose: both must print the same trace
    static final Exception FAILURE = new IllegalStateException(
            "PUT ?temp_url_sig=abc123def failed", new IOException("X-Auth-Token: tok3n-xyz\nforged line"));

    private static LoggerContext context(Map<String, String> properties) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        properties.forEach(context::putProperty);
        return context;
    }

    private static LoggerContext fromXml(Map<String, String> properties) throws Exception {
        LoggerContext context = context(properties);
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(XML.toFile());
        context.start();
        return context;
    }

    private static LoggerContext builtIn(Map<String, String> properties, Map<String, String> env) {
        LoggerContext context = context(properties);
        Configurator.ExecutionStatus status = new BuiltInLogging(env::get, PACKAGED).configure(context);
        assertThat(status).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        context.start();
        return context;
    }

    /** The same events, stamped alike, through each logger the way Logger.filterAndLog sends them. */
    @SuppressWarnings("unchecked")
    private static List<String> write(LoggerContext context) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        var out = (OutputStreamAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("out");
        assertThat(out).as("the root logger's appender 'out'").isNotNull();
        out.setOutputStream(buffer);
        log(context, "dev.hearth.signal.Signaler", Level.INFO, "signal for d-1 delivered", null);
        log(
                context,
                "dev.hearth.signal.Signaler",
                Level.WARN,
                "PUT https://swift/v1/AUTH_x/c/o?temp_url_sig=abc123def&temp_url_expires=1 failed with "
                        + "Authorization: Bearer tok3n-xyz",
                null);
        log(context, "dev.hearth.deploy.DeploymentRunner", Level.DEBUG, "not shown at INFO", null);
        log(
                context,
                "dev.hearth.a.very.long.package.name.that.logback.abbreviates.SomeClass",
                Level.ERROR,
                "line one\r\nline two \u001b[31m \u2028 \u202e end",
                FAILURE);
        log(context, "io.netty.Whatever", Level.INFO, "library chatter", null);
        log(context, "io.netty.Whatever", Level.WARN, "library trouble", null);
        log(context, "com.example.Other", Level.INFO, "someone else's line", null);
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .allSatisfy(s -> assertThat(s.getLevel()).as(s.toString()).isLessThan(Status.WARN));
        context.stop();
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void log(LoggerContext context, String name, Level level, String message, Throwable t) {
        Logger logger = context.getLogger(name);
        if (!logger.isEnabledFor(level)) return;
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, t, null);
        event.setInstant(Instant.parse("2026-12-05T23:59:58.123Z"));
        event.setThreadName("hearth-pipeline");
        logger.callAppenders(event);
    }

    @Test
    void plainLinesAreExactlyThoseOfLogbackXml() throws Exception {
        List<String> lines = write(builtIn(Map.of(), Map.of()));
        assertThat(lines).isEqualTo(write(fromXml(Map.of())));
        assertThat(lines.getFirst())
                .isEqualTo("2026-12-05T23:59:58.123Z INFO  [hearth-pipeline] dev.hearth.signal.Signaler - "
                        + "signal for d-1 delivered");
        assertThat(String.join("\n", lines)).doesNotContain("abc123def", "tok3n-xyz", "not shown", "chatter");
    }

    @Test
    void journalLinesAreExactlyThoseOfLogbackXml() throws Exception {
        Map<String, String> journal = Map.of(JournalStream.PROPERTY, "true");
        List<String> lines = write(builtIn(journal, Map.of()));
        assertThat(lines).isEqualTo(write(fromXml(journal)));
        assertThat(lines.getFirst())
                .isEqualTo("<6>INFO  [hearth-pipeline] dev.hearth.signal.Signaler - signal for d-1 delivered");
        assertThat(lines.get(1)).startsWith("<4>WARN  ");
        assertThat(lines.get(2)).startsWith("<3>ERROR ");
    }

    @Test
    void theLevelOfHearthsLoggersIsTheXmlsFromTheContextTheSystemOrTheEnvironment() throws Exception {
        for (var properties : List.of(
                Map.of(LogSetup.LEVEL, "DEBUG"), Map.of(LogSetup.LEVEL, "warn"), Map.of(LogSetup.LEVEL, "bogus"))) {
            LoggerContext xml = fromXml(properties);
            LoggerContext built = builtIn(properties, Map.of());
            for (String name : List.of(
                    "dev.hearth",
                    "dev.hearth.deploy.X",
                    "io.netty.Y",
                    "com.github.dockerjava.Z",
                    "org.apache.hc.W",
                    "com.example.Other",
                    Logger.ROOT_LOGGER_NAME)) {
                assertThat(built.getLogger(name).getEffectiveLevel())
                        .as(name + " with " + properties)
                        .isEqualTo(xml.getLogger(name).getEffectiveLevel());
            }
        }
        assertThat(builtIn(Map.of(), Map.of("HEARTH_LOG_LEVEL", "ERROR"))
                        .getLogger("dev.hearth")
                        .getLevel())
                .isEqualTo(Level.ERROR);
        assertThat(write(builtIn(Map.of(LogSetup.LEVEL, "DEBUG"), Map.of())))
                .anySatisfy(l -> assertThat(l).endsWith("not shown at INFO"));
    }

    @Test
    void jsonLinesANamedFileOrATestSetupAreLeftToLogbackXml() {
        var next = Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY;
        assertThat(new BuiltInLogging(Map.<String, String>of()::get, PACKAGED)
                        .configure(context(Map.of(LogSetup.FORMAT, "json"))))
                .isEqualTo(next);
        assertThat(new BuiltInLogging(Map.of("HEARTH_LOG_FORMAT", "json")::get, PACKAGED).configure(context(Map.of())))
                .isEqualTo(next);
        assertThat(new BuiltInLogging(Map.<String, String>of()::get, PACKAGED)
                        .configure(context(Map.of(BuiltInLogging.CONFIGURATION_FILE, "/etc/hearth/logback.xml"))))
                .isEqualTo(next);
        // This test run's class path has a logback-test.xml.
        assertThat(new BuiltInLogging().configure(context(Map.of()))).isEqualTo(next);
    }

    @Test
    void logbackFindsItAndAnOperatorsLogbackXmlStillWins(@TempDir Path dir) throws Exception {
        assertThat(ClassicEnvUtil.loadFromServiceLoader(
                        Configurator.class, getClass().getClassLoader()))
                .anySatisfy(c -> assertThat(c).isInstanceOf(BuiltInLogging.class));
        Path own = dir.resolve("logback.xml");
        Files.writeString(own, """
                <configuration>
                  <appender name="operators" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>OPERATOR %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="operators"/></root>
                </configuration>
                """);
        System.setProperty(BuiltInLogging.CONFIGURATION_FILE, own.toString());
        LoggerContext context = context(Map.of());
        try {
            new ContextInitializer(context).autoConfig();
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertThat(root.getAppender("operators")).isNotNull();
            assertThat(root.getAppender("out")).isNull();
            assertThat(root.getLevel()).isEqualTo(Level.WARN);
        } finally {
            System.clearProperty(BuiltInLogging.CONFIGURATION_FILE);
            context.stop();
        }
    }
}
