package dev.hearth.signal;

import java.util.Locale;

/** Where a signal is in its life: persisted before the hook runs, ready to send, or abandoned. */
public enum SignalState {
    /** The hook is running; the envelope holds how to signal but no payload yet. */
    ARMED,
    /** The hook finished; the payload waits to be delivered. */
    READY,
    /** Not delivered and no longer tried (deadline, expired URL); kept for the operator. */
    GIVEN_UP;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SignalState fromJson(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
