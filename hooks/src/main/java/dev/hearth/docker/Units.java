package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations and sizes the way the docker CLI and paunch read them. */
public final class Units {
    private static final Pattern DURATION =
            Pattern.compile("^(?:([\\d.]+)h)?(?:([\\d.]+)m)?(?:([\\d.]+)s)?(?:([\\d.]+)ms)?(?:([\\d.]+)us)?$");
    // go-units RAMInBytes: "1g", "1GB", "1GiB", "512 m", "1024"
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?$");

    private Units() {}

    /** A duration in nanoseconds: a number of seconds, or {@code 1h2m3s4ms5us} (paunch's {@code duration()}). */
    public static long durationNanos(JsonNode value) {
        BigDecimal seconds = durationSeconds(value);
        return seconds.movePointRight(9)
                .setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** Whole seconds, rounded up (the Engine's {@code StopTimeout} is an integer, docs/containers.md#keys). */
    public static int durationWholeSeconds(JsonNode value) {
        return durationSeconds(value)
                .setScale(0, java.math.RoundingMode.CEILING)
                .intValueExact();
    }

    static BigDecimal durationSeconds(JsonNode value) {
        if (value == null || value.isNull()) throw new IllegalArgumentException("a duration is required");
        if (value.isNumber()) return nonNegative(value.decimalValue(), value.asText());
        if (!value.isTextual()) throw new IllegalArgumentException("not a duration: " + value);
        String text = value.textValue().trim();
        if (text.isEmpty()) throw new IllegalArgumentException("not a duration: ''");
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            BigDecimal total = BigDecimal.ZERO;
            String[] scale = {"3600", "60", "1", "0.001", "0.000001"};
            boolean any = false;
            for (int i = 0; i < 5; i++) {
                String g = m.group(i + 1);
                if (g == null) continue;
                any = true;
                total = total.add(number(g, text).multiply(new BigDecimal(scale[i])));
            }
            if (any) return total;
        }
        return nonNegative(number(text, text), text);
    }

    /** Bytes: an integer, or a number with a binary unit {@code b k m g t p} (docker's RAMInBytes). */
    public static long bytes(JsonNode value) {
        if (value == null || value.isNull()) throw new IllegalArgumentException("a size is required");
        if (value.isIntegralNumber()) return value.longValue();
        if (!value.isTextual()) throw new IllegalArgumentException("not a size: " + value);
        String text = value.textValue().trim().toLowerCase(Locale.ROOT);
        if (text.equals("-1")) return -1;
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("not a size: '" + value.textValue() + "'");
        BigDecimal n = new BigDecimal(m.group(1));
        int shift = m.group(2) == null
                ? 0
                : switch (m.group(2)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    case "g" -> 30;
                    case "t" -> 40;
                    default -> 50;
                };
        return n.multiply(BigDecimal.valueOf(2).pow(shift)).longValue();
    }

    private static BigDecimal number(String s, String whole) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + whole + "'");
        }
    }

    private static BigDecimal nonNegative(BigDecimal d, String text) {
        if (d.signum() < 0) throw new IllegalArgumentException("negative duration: " + text);
        return d;
    }
}
