package dev.hearth.agent;

import dev.hearth.config.AgentConfig;
import dev.hearth.deploy.DeploymentStore;
import dev.hearth.deploy.SignalService;
import dev.hearth.net.ControlPlaneClients;
import dev.hearth.net.ControlPlaneHttp;
import dev.hearth.signal.OutboxSignals;
import dev.hearth.signal.SignalOutbox;
import dev.hearth.signal.Signaler;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.time.Clock;

/** Builds the signal outbox and its delivery loop; signal state changes land in the deployment markers. */
final class Signals {
    private Signals() {}

    static SignalService open(AgentConfig config, DeploymentStore store, MeterRegistry meters, Clock clock)
            throws IOException {
        SignalOutbox outbox = new SignalOutbox(config.stateDir(), clock);
        // The clients the collectors use, with each section's CA: a signal goes where polling went.
        ControlPlaneClients clients = ControlPlaneClients.from(config, ControlPlaneHttp.create());
        Signaler signaler = new Signaler(outbox, Signaler.transports(clients, config.signals(), clock), config.signals(),
                clock, store::updateSignal, meters);
        return new OutboxSignals(outbox, signaler);
    }
}
