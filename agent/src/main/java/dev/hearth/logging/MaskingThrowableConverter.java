package dev.hearth.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.hearth.secret.Secrets;
import dev.hearth.text.ControlCharacters;

/**
 * {@code %maskedEx}: stack traces can quote URLs with signatures too, and an exception's message can
 * quote a document: its control characters are escaped (the trace's own line breaks stay).
 */
public final class MaskingThrowableConverter extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Secrets.maskPatterns(super.convert(event));
    }

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(tp == null ? null : new Escaped(tp));
    }

    /** The same exception, with its message (and its causes' and suppressed ones') escaped. */
    private record Escaped(IThrowableProxy delegate) implements IThrowableProxy {
        @Override
        public String getMessage() {
            return ControlCharacters.escape(delegate.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return ControlCharacters.escape(delegate.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return delegate.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return delegate.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return delegate.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return delegate.getCause() == null ? null : new Escaped(delegate.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] s = delegate.getSuppressed();
            if (s == null) return null;
            IThrowableProxy[] out = new IThrowableProxy[s.length];
            for (int i = 0; i < s.length; i++) out[i] = new Escaped(s[i]);
            return out;
        }

        @Override
        public boolean isCyclic() {
            return delegate.isCyclic();
        }
    }
}
