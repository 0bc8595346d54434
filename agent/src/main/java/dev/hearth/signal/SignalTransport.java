package dev.hearth.signal;

/** One way of telling Heat a deployment's result (docs/heat-protocol.md#transports). */
public interface SignalTransport {
    /** The {@code deploy_signal_transport} value it serves, e.g. {@code CFN_SIGNAL}. */
    String name();

    /**
     * Sends the envelope's payload once. Returns normally only on a 2xx.
     *
     * @throws SignalException on any other answer or no answer; permanent when retrying cannot help
     */
    void send(SignalEnvelope envelope) throws SignalException, InterruptedException;
}
