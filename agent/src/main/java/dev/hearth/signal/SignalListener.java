package dev.hearth.signal;

import dev.hearth.deploy.SignalStatus;

/** Told of every change of a signal's state (attempt failed, delivered, given up). */
@FunctionalInterface
public interface SignalListener {
    void onSignalStatus(String deploymentId, SignalStatus status);
}
