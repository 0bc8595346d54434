package dev.hearth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.InvalidDeploymentException;
import java.util.List;

/** Where pushed metadata goes: the same pipeline as polled metadata. */
public interface MetadataSink {
    /**
     * Validates a metadata document ({@code {"deployments": [...]}} or the bare list) and queues it.
     *
     * @return the ids that will run (new to this node and runnable, i.e. not data-only groups)
     * @throws InvalidDeploymentException naming the JSON path of the first problem
     */
    List<String> push(JsonNode document);
}
