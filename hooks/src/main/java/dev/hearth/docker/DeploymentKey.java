package dev.hearth.docker;

import dev.hearth.hook.Deployment;

/**
 * Which deployment resource a container belongs to. It stays the same when Heat updates a
 * deployment (an UPDATE brings a new deployment id), so a container's identity is
 * (stack id, resource name, container name). Without the Heat inputs the deployment's name stands in.
 */
public record DeploymentKey(String stackId, String resourceName) {

    public static DeploymentKey of(Deployment d) {
        return new DeploymentKey(d.stackId().orElse(""), d.resourceName().orElse(d.name()));
    }

    @Override
    public String toString() {
        return stackId.isEmpty() ? resourceName : stackId + "/" + resourceName;
    }
}
