package dev.hearth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %syslogPriority{true}}: the {@code <N>} prefix journald reads as the line's priority
 * (sd-daemon(3)), so {@code journalctl -p warning} selects by level; nothing when its option is not
 * {@code true}.
 */
public final class SyslogPriorityConverter extends ClassicConverter {
    private boolean enabled;

    @Override
    public void start() {
        enabled = "true".equalsIgnoreCase(getFirstOption());
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        return enabled ? prefix(event.getLevel()) : "";
    }

    static String prefix(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "<3>";
            case Level.WARN_INT -> "<4>";
            case Level.INFO_INT -> "<6>";
            default -> "<7>";
        };
    }
}
