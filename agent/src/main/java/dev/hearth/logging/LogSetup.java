package dev.hearth.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.hearth.config.AgentConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies agent.yaml's {@code log} section (format and level of Hearth's loggers) by setting the
 * properties config/logback.xml reads and configuring logging again. The environment
 * ({@code HEARTH_LOG_FORMAT}, {@code HEARTH_LOG_LEVEL}) and explicit system properties win, so that
 * a unit file can override the file.
 */
public final class LogSetup {
    private LogSetup() {}

    public static void apply(AgentConfig.Log log) {
        boolean changed = false;
        if (System.getenv("HEARTH_LOG_FORMAT") == null && System.getProperty("hearth.log.format") == null
                && !"plain".equals(log.format())) {
            System.setProperty("hearth.log.format", log.format());
            changed = true;
        }
        if (System.getenv("HEARTH_LOG_LEVEL") == null && System.getProperty("hearth.log.level") == null
                && !"INFO".equalsIgnoreCase(log.level())) {
            System.setProperty("hearth.log.level", log.level());
            changed = true;
        }
        if (!changed || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            System.err.println("hearth: logging could not be configured again: " + e.getMessage());
        }
    }
}
