/**
 * Decide and run: from a metadata document to hook runs and queued signals.
 *
 * <p>Flow: polled documents ({@code dev.hearth.agent.PollLoop}) and pushed ones ({@link
 * dev.hearth.deploy.MetadataSink}, persisted in the {@link dev.hearth.deploy.Inbox} first) reach the
 * one worker, {@link dev.hearth.deploy.Pipeline}. The {@link dev.hearth.deploy.DeploymentRunner}
 * goes through the document's deployments in order: {@link dev.hearth.deploy.HookResolver} decides
 * what each one is (data, already run, a hook to run, a group nobody serves); a new id gets its
 * marker in the {@link dev.hearth.deploy.DeploymentStore} before its hook starts and its signal
 * persisted ({@link dev.hearth.deploy.SignalQueue}) before it is sent; the outcome is recorded.
 * {@link dev.hearth.deploy.Recovery} settles deployments a crash cut off, and {@link
 * dev.hearth.deploy.HeatConfigAdoption} reads the Python agent's markers so nothing re-runs after
 * a switch. Protocol facts: {@code docs/heat-protocol.md#running-deployments}.
 */
package dev.hearth.deploy;
