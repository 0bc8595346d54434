package dev.hearth.deploy;

import static dev.hearth.metrics.Meters.STATE_WRITE_ERRORS;
import static dev.hearth.metrics.Meters.STATE_WRITE_FAILING;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether writes under {@code state_dir} work. A failing write (disk full, quota, too many open
 * files) starts an episode: it is logged once, counted, shown by the gauge and on {@code /readyz}
 * until a write succeeds again, which is logged once too. Whoever failed retries by itself.
 */
public final class StateHealth {
    private static final Logger log = LoggerFactory.getLogger(StateHealth.class);

    private final AtomicReference<String> failure = new AtomicReference<>();
    private final Counter errors;
    private volatile Runnable onAttempt = () -> {};

    public StateHealth(MeterRegistry meters) {
        this.errors = Counter.builder(STATE_WRITE_ERRORS).register(meters);
        Gauge.builder(STATE_WRITE_FAILING, failure, f -> f.get() == null ? 0 : 1)
                .register(meters);
    }

    /** Called at each attempt of {@link #untilWritten}: a worker waiting for the disk is alive (watchdog). */
    public void onAttempt(Runnable r) {
        this.onAttempt = r;
    }

    /** Records a failed write of {@code what}; the first of an episode is logged. */
    public void failed(String what, IOException e) {
        errors.increment();
        String reason = what + ": " + describe(e);
        if (failure.getAndSet(reason) == null) {
            log.error(
                    "cannot write the state directory ({}); accepted work is kept and retried until it can be "
                            + "written, pushes are refused meanwhile",
                    reason);
        }
    }

    public void failed(String what, UncheckedIOException e) {
        failed(what, e.getCause());
    }

    /** A write succeeded: ends an episode. */
    public void ok() {
        String was = failure.getAndSet(null);
        if (was != null) log.info("the state directory is writable again (was: {})", was);
    }

    /** Why writes fail, while they do. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The operating system's reason, without a path (paths are the agent's own, but short is better). */
    public static String describe(IOException e) {
        if (isNoSpace(e)) return "no space left on device";
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) m = fs.getReason();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** ENOSPC or EDQUOT, as the JDK reports them in the message. */
    public static boolean isNoSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) continue;
            String l = m.toLowerCase(Locale.ROOT);
            if (l.contains("no space left") || l.contains("quota exceeded")) return true;
        }
        return false;
    }

    /**
     * Runs {@code write} until it succeeds, waiting 1 s, 2 s, ... up to 30 s between attempts: for
     * what must reach the disk because it already happened (a hook's result).
     *
     * @throws InterruptedException on shutdown; what was not written is then settled by recovery at the next start
     */
    public void untilWritten(String what, Runnable write) throws InterruptedException {
        java.time.Duration delay = java.time.Duration.ofSeconds(1);
        while (true) {
            onAttempt.run();
            try {
                write.run();
                ok();
                return;
            } catch (UncheckedIOException e) {
                failed(what, e);
                Thread.sleep(delay);
                delay = delay.multipliedBy(2).compareTo(java.time.Duration.ofSeconds(30)) > 0
                        ? java.time.Duration.ofSeconds(30)
                        : delay.multipliedBy(2);
            }
        }
    }
}
