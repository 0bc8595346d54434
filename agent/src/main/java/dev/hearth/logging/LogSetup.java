package dev.hearth.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.hearth.config.AgentConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * Applies agent.yaml's {@code log} section (format and level of Hearth's loggers) by setting the
 * properties config/logback.xml reads and configuring logging again, at start and on each SIGHUP.
 * What the environment ({@code HEARTH_LOG_FORMAT}, {@code HEARTH_LOG_LEVEL}) or the command line
 * ({@code -Dhearth.log.format=...}) said when the process started wins over the file, every time.
 */
public final class LogSetup {
    static final String FORMAT = "hearth.log.format";
    static final String LEVEL = "hearth.log.level";

    private final boolean formatFixed;
    private final boolean levelFixed;
    private final Properties properties;
    private String format;
    private String level;

    LogSetup(Map<String, String> env, Properties properties) {
        this.properties = properties;
        this.formatFixed = env.get("HEARTH_LOG_FORMAT") != null || properties.getProperty(FORMAT) != null;
        this.levelFixed = env.get("HEARTH_LOG_LEVEL") != null || properties.getProperty(LEVEL) != null;
        this.format = "plain";
        this.level = "INFO";
    }

    /** Remembers what the process was started with; call before the first {@link #apply}. */
    public static LogSetup fromProcess() {
        return new LogSetup(System.getenv(), System.getProperties());
    }

    /** Sets the file's format and level where nothing fixed them; reconfigures when they changed. */
    public synchronized void apply(AgentConfig.Log log) {
        if (!changes(log)) return;
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            System.err.println("hearth: logging could not be configured again: " + e.getMessage());
        }
    }

    /** Sets the properties; true when logging must be configured again for them to count. */
    synchronized boolean changes(AgentConfig.Log log) {
        boolean changed = false;
        if (!formatFixed && !Objects.equals(format, log.format())) {
            format = log.format();
            properties.setProperty(FORMAT, format);
            changed = true;
        }
        String wanted = log.level().toUpperCase(Locale.ROOT);
        if (!levelFixed && !Objects.equals(level, wanted)) {
            level = wanted;
            properties.setProperty(LEVEL, level);
            changed = true;
        }
        return changed;
    }
}
