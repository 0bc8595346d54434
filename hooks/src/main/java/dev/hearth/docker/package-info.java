/**
 * The {@code docker-cmd} hook: a deployment's containers converged through the Docker Engine API.
 *
 * <p>Flow: the deployment's config ({@link dev.hearth.docker.DockerConfig}) is read key by key by
 * {@link dev.hearth.docker.SpecParser} into one {@link dev.hearth.docker.ContainerSpec} per container
 * (with {@link dev.hearth.docker.ConfigHashes} adding the config-volume hash); the
 * {@link dev.hearth.docker.Planner} compares them with the Engine's snapshot
 * ({@link dev.hearth.docker.EngineContainer}s, {@link dev.hearth.docker.Labels},
 * {@link dev.hearth.docker.ConfigData}) and makes a {@link dev.hearth.docker.ContainerPlan} of
 * {@link dev.hearth.docker.PlanAction}s; the {@link dev.hearth.docker.PlanExecutor} schedules it
 * (images by {@code ImagePuller}, each action's work by {@code ContainerActions}, health by
 * {@code HealthWaiter}, counts by {@code ActionMetrics}) against the {@link
 * dev.hearth.docker.ContainerEngine}, whose one implementation is the {@link dev.hearth.docker.Engine}
 * gateway ({@link dev.hearth.docker.ContainerRequests} builds its create request), at the address
 * {@link dev.hearth.docker.DockerEndpoint} resolves. {@link dev.hearth.docker.DockerCmdHook} ties it
 * together per deployment and runs the per-pass cleanup and drift check. The rules followed:
 * {@code docs/containers.md}.
 */
package dev.hearth.docker;
