package dev.hearth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.function.UnaryOperator;

/**
 * The plain-line setup of config/logback.xml built in code: the same appender, pattern, converters and
 * levels, without Joran and the XML parser (about 400 classes and their metadata in every process, the
 * daemon's idle memory and every short command's start). It steps aside, and logback reads the XML as
 * before, when the operator names a logging file ({@code logback.configurationFile}, the launcher's
 * HEARTH_LOGBACK or /etc/hearth/logback.xml) or asks for JSON lines (which need the logstash encoder's
 * XML-configured decorators), and when a logback-test.xml is on the class path. Properties are looked up as logback.xml's {@code ${...}} does: the logging
 * context, then system properties, then the environment.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class BuiltInLogging extends ContextAwareBase implements Configurator {
    static final String CONFIGURATION_FILE = "logback.configurationFile";
    /** config/logback.xml's plain pattern; {@code JOURNAL} is replaced by true or false. */
    static final String PLAIN_PATTERN =
            "%syslogPriority{JOURNAL}%ownTimestamp{JOURNAL}%-5level [%thread] %logger{36} - %maskedMsg%n%maskedEx";

    private final UnaryOperator<String> environment;
    private final ClassLoader classPath;

    public BuiltInLogging() {
        this(System::getenv, BuiltInLogging.class.getClassLoader());
    }

    BuiltInLogging(UnaryOperator<String> environment, ClassLoader classPath) {
        this.environment = environment;
        this.classPath = classPath;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (lookup(context, CONFIGURATION_FILE) != null || hasTestSetup()) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        String format = or(lookup(context, LogSetup.FORMAT), or(environment.apply("HEARTH_LOG_FORMAT"), "plain"));
        if (format.equals("json")) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        String level = or(lookup(context, LogSetup.LEVEL), or(environment.apply("HEARTH_LOG_LEVEL"), "INFO"));
        String journal = or(lookup(context, JournalStream.PROPERTY), "false");

        context.getStatusManager().add(new NopStatusListener());
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("maskedMsg", MaskingMessageConverter::new);
        layout.getInstanceConverterMap().put("maskedEx", MaskingThrowableConverter::new);
        layout.getInstanceConverterMap().put("syslogPriority", SyslogPriorityConverter::new);
        layout.getInstanceConverterMap().put("ownTimestamp", OwnTimestampConverter::new);
        layout.setPattern(PLAIN_PATTERN.replace("JOURNAL", journal));
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("out");
        out.setTarget("System.err");
        out.setEncoder(encoder);
        out.start();

        // Level.toLevel as logback.xml's level="${...}" does: an unknown name means DEBUG.
        context.getLogger("dev.hearth").setLevel(Level.toLevel(level, Level.DEBUG));
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("com.github.dockerjava").setLevel(Level.WARN);
        context.getLogger("org.apache.hc").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(out);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** logback's own order puts a logback-test.xml on the class path (a test run's) before everything. */
    private boolean hasTestSetup() {
        return classPath.getResource("logback-test.xml") != null;
    }

    private String lookup(LoggerContext context, String key) {
        String v = context.getProperty(key);
        if (v == null) v = System.getProperty(key);
        if (v == null) v = environment.apply(key);
        return v;
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
