package dev.hearth.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The container engine as docker-cmd needs it, in the Engine's own terms: managed containers with
 * their labels and state, local images, create / start / stop-and-remove / rename, one-shot waits and
 * logs, exec, and health. {@link Engine} is the one implementation over the Docker Engine API; the
 * tests' in-memory fake lets the planner and executor be tested without a daemon.
 *
 * <p>Failures are {@link EngineException}s: {@link NameConflictException} when a name is taken,
 * {@link NoSuchObjectException} when an image or container is unknown; their messages are the
 * Engine's own.
 */
public interface ContainerEngine extends AutoCloseable {
    /** What answers at the endpoint (a call to the Engine). */
    EngineInfo info();

    /** Fails when the Engine does not answer. */
    void ping();

    /** Every container with a {@code managed_by} label, running or not. */
    List<EngineContainer> listManaged();

    /** The id of every local image by normalised tag and digest reference. */
    Map<String, String> localImages();

    /** The image id of a reference, null when not present locally. */
    String imageId(String ref);

    /** Running, exit code and health of a container. */
    ContainerState state(String id);

    /** The full inspection, for adopting containers made by the docker CLI (their settings are read back). */
    InspectContainerResponse inspect(String id);

    void pull(String ref, Duration timeout);

    /** Creates the container; throws {@link NameConflictException} when {@code name} is taken. */
    default String create(ContainerSpec spec, String name, Map<String, String> labels) {
        return create(spec, name, labels, null);
    }

    /**
     * Creates the container with its output in {@code logFile} (podman's k8s-file driver), or with
     * the engine's default log driver when null; throws {@link NameConflictException} when
     * {@code name} is taken.
     */
    String create(ContainerSpec spec, String name, Map<String, String> labels, java.nio.file.Path logFile);

    void start(String id);

    /** Graceful stop (at most {@code seconds}), then remove; forced only when that fails. Gone already is fine. */
    void stopAndRemove(String id, int seconds);

    void rename(String id, String name);

    /** Waits for the container to exit (at most {@code max}) and returns its exit code. */
    int waitExit(String id, Duration max);

    ContainerOutput logs(String id);

    /** Runs a command in a running container and waits for it (at most {@code max}). */
    ContainerOutput exec(
            String containerId, String user, Boolean privileged, List<String> env, List<String> cmd, Duration max);

    /** Engine API calls made so far. */
    long calls();

    @Override
    void close();
}
