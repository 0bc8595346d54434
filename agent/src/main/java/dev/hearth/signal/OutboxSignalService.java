package dev.hearth.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.AgentConfig;
import dev.hearth.deploy.DeploymentStore;
import dev.hearth.deploy.SignalService;
import dev.hearth.hook.Deployment;
import dev.hearth.net.ControlPlaneClients;
import dev.hearth.net.ControlPlaneHttp;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link SignalService} of the agent and {@code hearth apply}: the durable {@link SignalOutbox}
 * and the {@link Signaler} that delivers from it; signal state changes land in the deployment markers.
 */
public final class OutboxSignalService implements SignalService {
    private final SignalOutbox outbox;
    private final Signaler signaler;

    public OutboxSignalService(SignalOutbox outbox, Signaler signaler) {
        this.outbox = outbox;
        this.signaler = signaler;
    }

    /** The outbox under the state directory, delivering through the clients the collectors use. */
    public static OutboxSignalService open(AgentConfig config, DeploymentStore store, MeterRegistry meters, Clock clock)
            throws IOException {
        SignalOutbox outbox = new SignalOutbox(config.stateDir(), clock);
        // The clients the collectors use, with each section's CA: a signal goes where polling went.
        ControlPlaneClients clients = ControlPlaneClients.from(config, ControlPlaneHttp.create());
        Signaler signaler = new Signaler(
                outbox,
                Signaler.transports(clients, config.signals(), clock),
                config.signals(),
                clock,
                store::updateSignal,
                meters);
        return new OutboxSignalService(outbox, signaler);
    }

    @Override
    public boolean arm(Deployment d) {
        try {
            return outbox.arm(d).isPresent();
        } catch (IOException e) {
            // Without a persisted signal the hook must not run: Heat would wait forever for it.
            throw new UncheckedIOException("cannot persist the signal of deployment " + d.id(), e);
        }
    }

    @Override
    public void complete(String deploymentId, ObjectNode payload) {
        try {
            outbox.complete(deploymentId, payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the signal of deployment " + deploymentId, e);
        }
    }

    @Override
    public void discard(String deploymentId) {
        try {
            outbox.discard(deploymentId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the signal of deployment " + deploymentId, e);
        }
    }

    @Override
    public Envelope envelope(String deploymentId) {
        return outbox.get(deploymentId)
                .map(e -> switch (e.state()) {
                    case ARMED -> Envelope.ARMED;
                    case READY -> Envelope.READY;
                    case GIVEN_UP -> Envelope.NONE;
                })
                .orElse(Envelope.NONE);
    }

    @Override
    public Optional<ObjectNode> payload(String deploymentId) {
        return outbox.get(deploymentId).map(SignalEnvelope::payload);
    }

    @Override
    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        outbox.all().forEach(e -> ids.add(e.deploymentId()));
        return ids;
    }

    @Override
    public void wake() {
        signaler.wake();
    }

    @Override
    public void start() {
        signaler.start();
    }

    @Override
    public List<Queued> drain(Collection<String> deploymentIds, Duration maxWait) throws InterruptedException {
        Set<String> only = Set.copyOf(deploymentIds);
        return signaler.drain(only::contains, maxWait).stream()
                .filter(e -> e.state() == SignalState.READY)
                .map(e -> new Queued(e.deploymentId(), e.name(), e.transport(), e.attempts(), e.lastError()))
                .toList();
    }

    @Override
    public Optional<String> givenUp(String deploymentId) {
        return outbox.get(deploymentId)
                .filter(e -> e.state() == SignalState.GIVEN_UP)
                .map(SignalEnvelope::lastError);
    }

    @Override
    public int pending() {
        return outbox.size();
    }

    @Override
    public void close() {
        signaler.close();
    }
}
