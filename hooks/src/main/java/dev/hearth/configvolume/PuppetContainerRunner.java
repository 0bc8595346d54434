package dev.hearth.configvolume;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The narrow Docker adapter of config-volume generation: creates, runs, waits for, reads and
 * removes one puppet container (docker-java over the httpclient5 transport). Every API call has a
 * time limit (the transport's response timeout); waiting for the container to exit polls its state
 * so that no HTTP call blocks for longer than that limit.
 */
public final class PuppetContainerRunner implements Closeable {
    /** A container to run to completion. {@code binds} are {@code src:dst[:opts]}. */
    public record Request(String name, String image, List<String> entrypoint, List<String> env, List<String> binds,
                          String networkMode, String hostname, boolean privileged, Map<String, String> labels) {
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

    private final String dockerHost;
    private final Duration callTimeout;
    /** Made on first use: a node without config volumes never loads the Docker client. */
    private volatile DockerClient docker;
    private volatile ApacheDockerHttpClient http;

    public PuppetContainerRunner(String dockerHost, Duration callTimeout) {
        this.dockerHost = dockerHost;
        this.callTimeout = callTimeout;
    }

    private DockerClient docker() {
        DockerClient d = docker;
        if (d != null) return d;
        synchronized (this) {
            if (docker == null) {
                DefaultDockerClientConfig.Builder b = DefaultDockerClientConfig.createDefaultConfigBuilder();
                String host = dockerHost != null ? dockerHost : System.getenv("DOCKER_HOST");
                if (host != null && !host.isBlank()) b.withDockerHost(host);
                DefaultDockerClientConfig config = b.build();
                http = new ApacheDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .sslConfig(config.getSSLConfig())
                        .maxConnections(64)
                        .connectionTimeout(callTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? callTimeout : Duration.ofSeconds(10))
                        .responseTimeout(callTimeout)
                        .build();
                docker = DockerClientImpl.getInstance(config, http);
            }
            return docker;
        }
    }

    public DockerClient client() { return docker(); }

    /** Fails with a clear message when dockerd does not answer. */
    public void ping() {
        docker().pingCmd().exec();
    }

    public boolean imagePresent(String image) {
        try {
            docker().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Pulls a missing image; throws when the registry cannot be reached within {@code timeout}. */
    public void pull(String image, Duration timeout) throws InterruptedException {
        if (!docker().pullImageCmd(image).start().awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("pulling " + image + " took longer than " + timeout.toSeconds() + " s");
        }
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
        CreateContainerCmd create = docker().createContainerCmd(r.image())
                .withName(r.name())
                .withUser("root")
                .withEntrypoint(r.entrypoint())
                .withCmd(List.of())
                .withEnv(r.env())
                .withLabels(r.labels())
                .withHostConfig(host);
        if (r.hostname() != null) create.withHostName(r.hostname());
        String id = create.exec().getId();
        try {
            docker().startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            remove(id); // never started: nothing to debug in it
            throw e;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean timedOut = false;
        InspectContainerResponse.ContainerState state;
        while (true) {
            state = docker().inspectContainerCmd(id).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) break;
            if (System.nanoTime() > deadline) {
                timedOut = true;
                try {
                    docker().killContainerCmd(id).exec();
                } catch (RuntimeException ignored) {
                    // it may have exited in the meantime
                }
                state = docker().inspectContainerCmd(id).exec().getState();
                break;
            }
            Thread.sleep(POLL);
        }
        Long code = state.getExitCodeLong();
        return new Result(r.name(), id, timedOut || code == null ? -1 : code.intValue(), logs(id), timedOut);
    }

    public void remove(String id) {
        try {
            docker().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
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
        docker().logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false).exec(cb);
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
        if (text.length() > OUTPUT_LIMIT) text = "[... output truncated ...]\n" + text.substring(text.length() - OUTPUT_LIMIT);
        return done ? text : text + "\n[... output incomplete: reading the container's log timed out ...]\n";
    }

    @Override
    public void close() throws IOException {
        if (docker == null) return; // never made: nothing to close
        docker.close();
        http.close();
    }
}
