package dev.hearth.configvolume;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.hearth.docker.ContainerState;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.Engine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Config-volume generation's use of the Docker gateway ({@link Engine}): creates, runs, waits for,
 * reads and removes one puppet container. Every call goes through the Engine (its time limit, its
 * metrics, its one docker-java client); waiting for the container to exit polls its state so that
 * no call blocks for longer than that limit.
 */
public final class PuppetContainerRunner implements Closeable {
    /** A container to run to completion. {@code binds} are {@code src:dst[:opts]}. */
    public record Request(
            String name,
            String image,
            List<String> entrypoint,
            List<String> env,
            List<String> binds,
            String networkMode,
            String hostname,
            boolean privileged,
            Map<String, String> labels) {
        public Request {
            entrypoint = List.copyOf(entrypoint);
            env = List.copyOf(env);
            binds = List.copyOf(binds);
            labels = Map.copyOf(labels);
        }
    }

    /** How it went: the exit code (-1 when killed on timeout) and its output (stdout and stderr interleaved). */
    public record Result(String name, String id, int exitCode, String output, boolean timedOut) {}

    private static final int OUTPUT_LIMIT = 1024 * 1024;
    private static final Duration POLL = Duration.ofMillis(100);

    private final Engine engine;
    private final Duration callTimeout;
    /** Whether this runner made the Engine (and so closes it). */
    private final boolean ownsEngine;

    /** A runner over the process's gateway (the agent shares one Engine between docker-cmd and config volumes). */
    public PuppetContainerRunner(Engine engine, Duration callTimeout) {
        this(engine, callTimeout, false);
    }

    private PuppetContainerRunner(Engine engine, Duration callTimeout, boolean ownsEngine) {
        this.engine = engine;
        this.callTimeout = callTimeout;
        this.ownsEngine = ownsEngine;
    }

    /** A runner with an Engine of its own, for programs that only generate config volumes (bench, tests). */
    public static PuppetContainerRunner connect(String dockerHost, Duration callTimeout) {
        DockerHookSettings settings =
                DockerHookSettings.defaults().withDockerHost(dockerHost).withCallTimeout(callTimeout);
        return new PuppetContainerRunner(
                Engine.connect(settings, System.getenv(), new SimpleMeterRegistry()), callTimeout, true);
    }

    /** docker-java's client, for tests that look at what was left behind. */
    public DockerClient client() {
        return engine.client();
    }

    /** Fails with a clear message when dockerd does not answer. */
    public void ping() {
        engine.ping();
    }

    public boolean imagePresent(String image) {
        return engine.imageId(image) != null;
    }

    /** Pulls a missing image; throws when the registry cannot be reached within {@code timeout}. */
    public void pull(String image, Duration timeout) {
        engine.pull(image, timeout);
    }

    /**
     * Creates and starts the container, waits until it exits or {@code timeout} passes (then kills
     * it), and reads its output. The container is left in place; {@link #remove} it when not needed.
     */
    public Result run(Request r, Duration timeout) throws InterruptedException {
        HostConfig host = HostConfig.newHostConfig()
                .withBinds(r.binds().stream().map(Bind::parse).toList())
                .withNetworkMode(r.networkMode())
                .withPrivileged(r.privileged());
        String id = engine.request("create", client -> {
            CreateContainerCmd create = client.createContainerCmd(r.image())
                    .withName(r.name())
                    .withUser("root")
                    .withEntrypoint(r.entrypoint())
                    .withCmd(List.of())
                    .withEnv(r.env())
                    .withLabels(r.labels())
                    .withHostConfig(host);
            if (r.hostname() != null) create.withHostName(r.hostname());
            return create.exec().getId();
        });
        try {
            engine.start(id);
        } catch (RuntimeException e) {
            remove(id); // never started: nothing to debug in it
            throw e;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean timedOut = false;
        ContainerState state;
        while (true) {
            state = engine.state(id);
            if (!state.running()) break;
            if (System.nanoTime() > deadline) {
                timedOut = true;
                try {
                    engine.request("kill", client -> client.killContainerCmd(id).exec());
                } catch (RuntimeException ignored) {
                    // it may have exited in the meantime
                }
                state = engine.state(id);
                break;
            }
            Thread.sleep(POLL);
        }
        Integer code = state.exitCode();
        return new Result(r.name(), id, timedOut || code == null ? -1 : code, logs(id), timedOut);
    }

    public void remove(String id) {
        try {
            engine.request(
                    "remove",
                    client -> client.removeContainerCmd(id)
                            .withForce(true)
                            .withRemoveVolumes(true)
                            .exec());
        } catch (NotFoundException ignored) {
            // gone already
        }
    }

    private String logs(String id) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCallback.Adapter<Frame> cb = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    if (out.size() < OUTPUT_LIMIT * 2) out.writeBytes(frame.getPayload());
                }
            }
        };
        engine.request(
                "logs",
                client -> client.logContainerCmd(id)
                        .withStdOut(true)
                        .withStdErr(true)
                        .withFollowStream(false)
                        .exec(cb));
        boolean done = cb.awaitCompletion(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            cb.close();
        } catch (IOException ignored) {
            // nothing to release
        }
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        if (text.length() > OUTPUT_LIMIT)
            text = "[... output truncated ...]\n" + text.substring(text.length() - OUTPUT_LIMIT);
        return done ? text : text + "\n[... output incomplete: reading the container's log timed out ...]\n";
    }

    @Override
    public void close() {
        if (ownsEngine) engine.close();
    }
}
