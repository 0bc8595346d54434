package dev.hearth.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hearth.secret.Secrets;
import dev.hearth.text.ControlCharacters;

/**
 * {@code %maskedMsg}: the last line of defence for logs. Code masks known secret values where they
 * enter; this masks by pattern whatever slipped through (URL signatures, token headers), and escapes
 * control characters (a document's text with a CR or LF must not forge a log line of its own).
 */
public final class MaskingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return ControlCharacters.escape(Secrets.maskPatterns(super.convert(event)));
    }
}
