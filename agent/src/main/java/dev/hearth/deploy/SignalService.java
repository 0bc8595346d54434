package dev.hearth.deploy;

import java.time.Duration;

/** The signal outbox with its delivery loop, as the agent and `hearth apply` drive it. */
public interface SignalService extends SignalQueue, AutoCloseable {

    /** Starts delivering in the background (the daemon). */
    void start();

    /**
     * Tries to deliver every ready signal now, retrying until {@code maxWait} (the one-shot `hearth apply`).
     *
     * @return how many are still pending afterwards (the daemon delivers them later)
     */
    int drain(Duration maxWait) throws InterruptedException;

    /** Signals persisted and not yet delivered or given up. */
    int pending();

    @Override
    void close();
}
