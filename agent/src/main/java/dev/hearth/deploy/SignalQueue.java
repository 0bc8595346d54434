package dev.hearth.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Deployment;

/**
 * The dispatcher's port to the durable signal outbox. A signal is armed (persisted with its
 * transport's parameters) before the hook starts, completed with the hook's response when it ends,
 * and delivered in the background until the control plane answers 2xx.
 */
public interface SignalQueue {

    enum Envelope {
        NONE,
        ARMED,
        READY
    }

    /** Persists the signal of {@code d} before its hook runs; false for NO_SIGNAL (nothing will be sent). */
    boolean arm(Deployment d);

    /** Fills in the response and makes the signal deliverable. */
    void complete(String deploymentId, ObjectNode payload);

    /** Drops an armed signal whose hook never started. */
    void discard(String deploymentId);

    Envelope envelope(String deploymentId);

    /** The payload of a READY envelope (for recovery after a crash between complete and the marker). */
    java.util.Optional<ObjectNode> payload(String deploymentId);

    /** Ids of every envelope on disk (armed or ready). */
    java.util.Set<String> ids();

    /** A signal became ready: try to deliver now. */
    void wake();
}
