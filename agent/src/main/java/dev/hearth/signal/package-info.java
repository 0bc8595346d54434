/**
 * Report: telling Heat a deployment's result, durably.
 *
 * <p>Flow: the runner puts a {@link dev.hearth.signal.SignalEnvelope} into the {@link
 * dev.hearth.signal.SignalOutbox} (on disk) before the first attempt; the {@link
 * dev.hearth.signal.Signaler} delivers it through the {@link dev.hearth.signal.SignalTransport} of the
 * deployment's transport (CFN, TempURL, Heat API, Zaqar), after trimming ({@link
 * dev.hearth.signal.PayloadTrimmer}), and retries with backoff until a 2xx — across restarts too — or
 * gives up for good (an expired CFN URL). {@link dev.hearth.signal.SignalListener} hears every change
 * of state. Protocol facts: {@code docs/heat-protocol.md#signals}.
 */
package dev.hearth.signal;
