package dev.hearth.systemd;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings systemd's watchdog at half its timeout, but only while {@code alive} says the pipeline's
 * loop is still turning: a wedged worker stops the pings and systemd restarts the agent, which a
 * timer thread pinging on its own would hide.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private final ServiceManager manager;
    private final Duration interval;
    private final BooleanSupplier alive;
    private Thread thread;

    public Watchdog(ServiceManager manager, Duration timeout, BooleanSupplier alive) {
        this.manager = manager;
        this.interval = timeout.dividedBy(2);
        this.alive = alive;
    }

    public synchronized void start() {
        thread = Thread.ofPlatform().daemon().name("hearth-watchdog").start(this::run);
    }

    private void run() {
        boolean silent = false;
        while (!Thread.currentThread().isInterrupted()) {
            if (alive.getAsBoolean()) {
                manager.alive();
                silent = false;
            } else if (!silent) {
                log.error(
                        "the pipeline has not turned within its bounds: no more watchdog pings, systemd will restart the agent");
                silent = true;
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) thread.interrupt();
    }
}
