package dev.hearth.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code %ownTimestamp{journal}}: the event's time (UTC, milliseconds) and a space, except for the
 * journal (option {@code true}), which stamps every line itself.
 */
public final class OwnTimestampConverter extends ClassicConverter {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
    private boolean journal;

    @Override
    public void start() {
        journal = "true".equalsIgnoreCase(getFirstOption());
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        return journal ? "" : FORMAT.format(event.getInstant()) + " ";
    }
}
