package dev.hearth.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** Whether stdout is an interactive terminal that wants colour. */
final class Terminal {
    private Terminal() {}

    static boolean colourful() {
        return colourful(System.console(), System.getenv());
    }

    /**
     * Colour only on a real terminal: a console exists and (JDK 22+) says it is a terminal, TERM is
     * not {@code dumb}, and NO_COLOR (no-color.org) is unset.
     */
    static boolean colourful(Console console, Map<String, String> env) {
        if (console == null || !isTerminal(console)) return false;
        if ("dumb".equals(env.get("TERM"))) return false;
        String noColour = env.get("NO_COLOR");
        return noColour == null || noColour.isEmpty();
    }

    private static boolean isTerminal(Console console) {
        try {
            // Since JDK 22 System.console() may exist with stdout redirected; isTerminal() tells.
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: a console means stdin and stdout are a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
