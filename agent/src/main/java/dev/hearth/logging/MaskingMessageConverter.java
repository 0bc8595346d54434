package dev.hearth.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hearth.secret.Secrets;

/**
 * {@code %maskedMsg}: the last line of defence for logs. Code masks known secret values where they
 * enter; this masks by pattern whatever slipped through (URL signatures, token headers).
 */
public final class MaskingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Secrets.maskPatterns(super.convert(event));
    }
}
