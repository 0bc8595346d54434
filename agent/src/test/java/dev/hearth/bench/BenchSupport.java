package dev.hearth.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Small helpers the benchmark programs share: arguments, percentiles, resident memory. */
final class BenchSupport {
    private BenchSupport() {}

    /** {@code --name value} pairs. */
    static Map<String, String> args(String[] args) {
        var map = new java.util.HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, got " + args[i]);
            map.put(args[i].substring(2), args[i + 1]);
        }
        return map;
    }

    /** Hearth's request logging off: a benchmark measures the server, not the console. */
    static void quietLogs() {
        ((Logger) LoggerFactory.getLogger("dev.hearth")).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(Level.WARN);
    }

    /** @param sorted ascending nanoseconds; @return the p-th percentile in milliseconds */
    static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static long[] sorted(long[] values, int n) {
        long[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return copy;
    }

    /** {@code VmRSS} (and the peak, {@code VmHWM}) of this process, from /proc/self/status. */
    static String rss() {
        try {
            String rss = "?", hwm = "?";
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) rss = line.substring(6).strip();
                if (line.startsWith("VmHWM:")) hwm = line.substring(6).strip();
            }
            return "VmRSS " + rss + " (peak VmHWM " + hwm + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
