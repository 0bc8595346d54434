package dev.hearth.deploy;

import dev.hearth.hook.Deployment;
import java.util.List;

/**
 * Sees every metadata document the pipeline processes, before its deployments run: the docker-cmd
 * hook removes the containers of deployment resources that are no longer in the node's metadata.
 */
public interface NodeMetadataObserver {
    /** Returns lines to report (e.g. "removed container x"); failures are reported, never thrown. */
    List<String> onMetadata(List<Deployment> deployments);
}
