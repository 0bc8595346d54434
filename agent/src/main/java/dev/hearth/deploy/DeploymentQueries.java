package dev.hearth.deploy;

import java.util.List;
import java.util.Optional;

/** Read side of the deployment store, for the status API and `hearth status`. */
public interface DeploymentQueries {
    /** Newest first (by queued time). */
    List<DeploymentRecord> list();

    Optional<DeploymentRecord> get(String id);
}
