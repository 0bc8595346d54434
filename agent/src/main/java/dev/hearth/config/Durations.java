package dev.hearth.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in agent.yaml: a number of seconds, or text such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    /** A number of seconds, as agent.yaml takes one ({@code timeout: 2.5}), to the millisecond. */
    public static Duration seconds(double n) {
        return Duration.ofMillis(Math.round(n * 1000));
    }

    public static Duration parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches())
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 30s, 5m, 1h)");
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 86_400_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private Durations() {}
}
