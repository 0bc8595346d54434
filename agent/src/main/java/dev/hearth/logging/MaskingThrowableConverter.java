package dev.hearth.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hearth.secret.Secrets;

/** {@code %maskedEx}: stack traces can quote URLs with signatures too. */
public final class MaskingThrowableConverter extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Secrets.maskPatterns(super.convert(event));
    }
}
