package dev.hearth.deploy;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The signal outbox with its delivery loop, as the agent and `hearth apply` drive it. */
public interface SignalService extends SignalQueue, AutoCloseable {

    /** Starts delivering in the background (the daemon). */
    void start();

    /** A signal still waiting in the outbox: the daemon goes on trying it. */
    record Queued(String deploymentId, String deploymentName, String transport, int attempts, String lastError) {}

    /**
     * Tries to deliver the ready signals of {@code deploymentIds} now, retrying until {@code maxWait}
     * (the one-shot `hearth apply`); the other signals of the outbox are left to the daemon.
     *
     * @return those still pending afterwards (the daemon delivers them later)
     */
    List<Queued> drain(Collection<String> deploymentIds, Duration maxWait) throws InterruptedException;

    /** The reason a deployment's signal was given up, when it was. */
    Optional<String> givenUp(String deploymentId);

    /** Signals persisted and not yet delivered or given up. */
    int pending();

    @Override
    void close();
}
