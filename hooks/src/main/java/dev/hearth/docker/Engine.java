package dev.hearth.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one gateway to the Docker Engine API: the only docker-java client of a process (httpclient5
 * transport), used by docker-cmd, config volumes, bootstrap tasks and the CLI. Every call has a
 * timeout (a hung call is abandoned and its virtual thread interrupted), is counted, and is timed
 * under {@value DockerMeters#API_CALLS} tagged by operation. Reads are retried while the daemon is
 * unreachable (restart), for at most the daemon retry window.
 */
public final class Engine implements ContainerEngine {
    /** Output kept per stream of a one-shot or exec (the tail wins). */
    static final int MAX_OUTPUT = 64 * 1024;

    /** Made on first use: a node that never runs a docker-cmd deployment never loads the client. */
    private final java.util.function.Supplier<DockerClient> clientFactory;

    private final String endpoint;
    /** The TLS set-up of a tcp endpoint, null without TLS: named in the message of a failed handshake. */
    private final DockerTls tls;

    private volatile DockerClient client;
    private final MeterRegistry meters;
    private final Duration callTimeout;
    private final Duration retryWindow;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final LongAdder count = new LongAdder();
    private volatile Boolean podman;

    public Engine(DockerClient client, MeterRegistry meters, Duration callTimeout, Duration retryWindow) {
        this(() -> client, "(given client)", null, meters, callTimeout, retryWindow);
    }

    private Engine(
            java.util.function.Supplier<DockerClient> clientFactory,
            String endpoint,
            DockerTls tls,
            MeterRegistry meters,
            Duration callTimeout,
            Duration retryWindow) {
        this.clientFactory = clientFactory;
        this.endpoint = endpoint;
        this.tls = tls;
        this.meters = meters;
        this.callTimeout = callTimeout;
        this.retryWindow = retryWindow;
    }

    /**
     * Connects to {@code DOCKER_HOST} (setting, then environment, then the local socket: {@link DockerEndpoint}),
     * over TLS when the environment asks for it ({@link DockerTls}).
     */
    public static Engine connect(DockerHookSettings settings, Map<String, String> environment, MeterRegistry meters) {
        String host = settings.resolvedHost(environment);
        // TLS from the given environment, read by DockerTls: docker-java's own reader of
        // DOCKER_CERT_PATH needs BouncyCastle, which the agent does not carry.
        DockerTls tls = host.startsWith("tcp:") ? DockerTls.fromEnvironment(environment) : null;
        return new Engine(
                () -> {
                    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                            .withDockerHost(host)
                            .withDockerTlsVerify(false)
                            .build();
                    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                            .dockerHost(config.getDockerHost())
                            .sslConfig(tls)
                            .maxConnections(Math.max(16, settings.parallelism() * 4))
                            .connectionTimeout(Duration.ofSeconds(5))
                            .build();
                    return DockerClientImpl.getInstance(config, http);
                },
                host,
                tls,
                meters,
                settings.callTimeout(),
                settings.daemonRetryWindow());
    }

    /** The address this Engine talks to. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public long calls() {
        return count.sum();
    }

    public DockerClient client() {
        DockerClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) client = c = clientFactory.get();
            }
        }
        return c;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public void ping() {
        read("ping", () -> client().pingCmd().exec());
    }

    @Override
    public EngineInfo info() {
        Version v = read("version", () -> client().versionCmd().exec());
        List<String> components = v.getComponents() == null
                ? List.of()
                : v.getComponents().stream()
                        .map(c -> c.getName() == null ? "" : c.getName())
                        .toList();
        return new EngineInfo(endpoint, EngineInfo.nameOf(components), v.getVersion(), v.getApiVersion());
    }

    /**
     * Whether podman answers here: asked once (one version call) and remembered, for the few places
     * where its compat API needs something else (docs/podman.md).
     */
    public boolean podman() {
        Boolean p = podman;
        if (p == null) podman = p = info().podman();
        return p;
    }

    /** One list call: every container with a {@code managed_by} label, running or not. */
    @Override
    public List<EngineContainer> listManaged() {
        List<Container> list = read(
                "list",
                () -> client().listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(List.of(Labels.MANAGED_BY))
                        .exec());
        List<EngineContainer> out = new ArrayList<>(list.size());
        for (Container c : list) out.add(toEngineContainer(c));
        return out;
    }

    static EngineContainer toEngineContainer(Container c) {
        String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0];
        if (name.startsWith("/")) name = name.substring(1);
        return new EngineContainer(
                c.getId(),
                name,
                c.getLabels(),
                c.getState(),
                c.getStatus(),
                c.getImage(),
                c.getImageId(),
                c.getCreated() == null ? 0 : c.getCreated());
    }

    /** One call: the id of every local image by normalised tag and digest reference. */
    @Override
    public Map<String, String> localImages() {
        List<Image> images = read("images", () -> client().listImagesCmd().exec());
        Map<String, String> ids = new HashMap<>();
        for (Image i : images) {
            if (i.getRepoTags() != null) for (String t : i.getRepoTags()) ids.put(ImageRefs.normalize(t), i.getId());
            if (i.getRepoDigests() != null)
                for (String d : i.getRepoDigests()) ids.put(ImageRefs.normalize(d), i.getId());
        }
        // podman lists an image built or loaded locally as localhost/<name>; a spec names it <name>
        for (var e : List.copyOf(ids.entrySet())) {
            String local = ImageRefs.withoutLocalhost(e.getKey());
            if (local != null) ids.putIfAbsent(local, e.getValue());
        }
        return ids;
    }

    /** The image id of a reference, null when not present locally. */
    @Override
    public String imageId(String ref) {
        try {
            return read(
                    "inspect_image", () -> client().inspectImageCmd(ref).exec().getId());
        } catch (NotFoundException e) {
            return null;
        }
    }

    @Override
    public InspectContainerResponse inspect(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read("inspect", () -> client().inspectContainerCmd(id).exec());
            } catch (DockerException e) {
                if (attempt >= EXITING_RETRIES || !processJustExited(e)) throw e;
            }
            pause("inspect", EXITING_PAUSE.toMillis());
        }
    }

    private static final int EXITING_RETRIES = 5;
    private static final Duration EXITING_PAUSE = Duration.ofMillis(100);

    /**
     * podman answers an inspect made while the container's process is exiting with 500 "no such
     * process" (it reads the process's cgroup from /proc): asked again, it reports the container
     * stopped. Seen on every run to completion that is polled (config volumes, one-shots).
     */
    static boolean processJustExited(DockerException e) {
        return e.getHttpStatus() == 500
                && e.getMessage() != null
                && e.getMessage().contains("no such process");
    }

    @Override
    public ContainerState state(String id) {
        InspectContainerResponse.ContainerState s = inspect(id).getState();
        if (s == null) return new ContainerState(false, null, null);
        Long code = s.getExitCodeLong();
        return new ContainerState(
                Boolean.TRUE.equals(s.getRunning()),
                code == null ? null : code.intValue(),
                s.getHealth() == null ? null : s.getHealth().getStatus());
    }

    // ---------------------------------------------------------------- mutations

    @Override
    public void pull(String ref, Duration timeout) {
        String[] rt = ImageRefs.repositoryAndTag(ref);
        call("pull", timeout, () -> {
            var cb = client().pullImageCmd(rt[0]).withTag(rt[1]).exec(new ResultCallback.Adapter<PullResponseItem>() {
                @Override
                public void onNext(PullResponseItem item) {
                    if (item != null && item.getErrorDetail() != null) {
                        onError(new DockerException(item.getErrorDetail().getMessage(), 500));
                    }
                }
            });
            cb.awaitCompletion();
            return null;
        });
    }

    /** Creates the container; a taken name raises {@link NameConflictException}, a missing image {@link NoSuchObjectException}. */
    @Override
    public String create(ContainerSpec spec, String name, Map<String, String> labels, java.nio.file.Path logFile) {
        var request = ContainerRequests.create(client(), spec, name, labels, logFile);
        // asked only when it matters, and outside the create's own error mapping
        if (PodmanRequests.needsAdapting(request) && podman()) PodmanRequests.adapt(request);
        try {
            return call("create", callTimeout, () -> request.exec().getId());
        } catch (ConflictException e) {
            throw new NameConflictException(e.getMessage(), e);
        } catch (NotFoundException e) {
            throw new NoSuchObjectException(e.getMessage(), e);
        } catch (DockerException e) {
            // podman answers a taken name with 500 "that name is already in use", not dockerd's 409
            if (e.getHttpStatus() == 500
                    && e.getMessage() != null
                    && e.getMessage().contains("name is already in use")) {
                throw new NameConflictException(e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public void start(String id) {
        call("start", callTimeout, () -> {
            try {
                client().startContainerCmd(id).exec();
            } catch (NotModifiedException alreadyStarted) {
                // started already
            }
            return null;
        });
    }

    /** Graceful stop (the container's own StopTimeout, or {@code seconds}), then remove; force only as fallback (docs/containers.md#stopping-and-removing). */
    @Override
    public void stopAndRemove(String id, int seconds) {
        try {
            call("stop", callTimeout.plusSeconds(seconds), () -> {
                try {
                    client().stopContainerCmd(id).withTimeout(seconds).exec();
                } catch (NotModifiedException alreadyStopped) {
                    // not running
                }
                return null;
            });
        } catch (NotFoundException gone) {
            return;
        } catch (RuntimeException stopFailed) {
            // fall through to removal, forced if need be
        }
        try {
            call(
                    "remove",
                    callTimeout,
                    () -> client().removeContainerCmd(id).withForce(false).exec());
        } catch (NotFoundException gone) {
            // removed already (e.g. AutoRemove)
        } catch (RuntimeException e) {
            try {
                call(
                        "remove",
                        callTimeout,
                        () -> client().removeContainerCmd(id).withForce(true).exec());
            } catch (NotFoundException gone) {
                // removed meanwhile
            }
        }
    }

    @Override
    public void rename(String id, String name) {
        call(
                "rename",
                callTimeout,
                () -> client().renameContainerCmd(id).withName(name).exec());
    }

    /** Waits for the container to exit; no read timeout, only {@code max} (the hook's deadline). */
    @Override
    public int waitExit(String id, Duration max) {
        return retryWhileUnreachable(
                "wait",
                () -> call(
                        "wait",
                        max,
                        () -> client().waitContainerCmd(id)
                                .exec(new WaitContainerResultCallback())
                                .awaitStatusCode()));
    }

    /** stdout and stderr of a container (tails, at most {@link #MAX_OUTPUT} characters each). */
    @Override
    public ContainerOutput logs(String id) {
        return read("logs", () -> {
            OutputCollector c = new OutputCollector();
            client().logContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(false)
                    .exec(c)
                    .awaitCompletion();
            return c.output(null);
        });
    }

    /** Runs a command in a running container and waits for it (bounded by {@code max}). */
    @Override
    public ContainerOutput exec(
            String containerId, String user, Boolean privileged, List<String> env, List<String> cmd, Duration max) {
        String execId = call("exec_create", callTimeout, () -> {
            var c = client().execCreateCmd(containerId)
                    .withCmd(cmd.toArray(String[]::new))
                    .withAttachStdout(true)
                    .withAttachStderr(true);
            if (user != null) c = c.withUser(user);
            if (privileged != null) c = c.withPrivileged(privileged);
            if (!env.isEmpty()) c = c.withEnv(env);
            return c.exec().getId();
        });
        OutputCollector collector = call("exec_start", max, () -> {
            OutputCollector c = new OutputCollector();
            client().execStartCmd(execId).withDetach(false).exec(c).awaitCompletion();
            return c;
        });
        Long code = call(
                "exec_inspect",
                callTimeout,
                () -> client().inspectExecCmd(execId).exec().getExitCodeLong());
        return collector.output(code == null ? -1 : code.intValue());
    }

    /**
     * A call of its own through this gateway, for a job the methods above do not cover (the config
     * volumes' puppet containers, the benchmarks): timed out, counted and metered like the others.
     */
    public <T> T request(String op, java.util.function.Function<DockerClient, T> body) {
        return call(op, callTimeout, () -> body.apply(client()));
    }

    /** {@link #request}, retried while the daemon is unreachable: for calls that change nothing. */
    public <T> T readRequest(String op, java.util.function.Function<DockerClient, T> body) {
        return read(op, () -> body.apply(client()));
    }

    private static final class OutputCollector extends ResultCallback.Adapter<Frame> {
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder err = new StringBuilder();

        @Override
        public void onNext(Frame frame) {
            String text = new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
            synchronized (this) {
                StringBuilder sb =
                        frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDERR ? err : out;
                sb.append(text);
                if (sb.length() > MAX_OUTPUT * 2) sb.delete(0, sb.length() - MAX_OUTPUT);
            }
        }

        synchronized ContainerOutput output(Integer code) {
            return new ContainerOutput(code, tail(out), tail(err));
        }

        private static String tail(StringBuilder sb) {
            return sb.length() > MAX_OUTPUT ? "[...]" + sb.substring(sb.length() - MAX_OUTPUT) : sb.toString();
        }
    }

    // ---------------------------------------------------------------- plumbing

    private <T> T read(String op, Callable<T> body) {
        return retryWhileUnreachable(op, () -> call(op, callTimeout, body));
    }

    private <T> T retryWhileUnreachable(String op, Callable<T> attempt) {
        long deadline = System.nanoTime() + retryWindow.toNanos();
        long backoffMs = 200;
        while (true) {
            try {
                return attempt.call();
            } catch (RuntimeException e) {
                if (!unreachable(e) || System.nanoTime() > deadline) throw e;
            } catch (Exception e) {
                throw new EngineException(op + ": " + e.getMessage(), e);
            }
            pause(op, backoffMs);
            backoffMs = Math.min(backoffMs * 2, 2000);
        }
    }

    /** The wait between two attempts of {@code op}. */
    private static void pause(String op, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new EngineException(op + " interrupted", ie);
        }
    }

    /** The daemon is not answering (connection refused, reset, socket gone): worth waiting for. */
    public static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DockerException) return false;
            if (t instanceof IOException || t instanceof UncheckedIOException) return true;
        }
        return false;
    }

    private <T> T call(String op, Duration timeout, Callable<T> body) {
        Timer timer = timers.computeIfAbsent(
                op,
                o -> Timer.builder(DockerMeters.API_CALLS)
                        .description("Docker Engine API calls")
                        .tag("operation", o)
                        .register(meters));
        count.increment();
        long start = System.nanoTime();
        Future<T> f = calls.submit(body);
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new EngineException(op + " timed out after " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new EngineException(op + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw tlsExplained(re);
            if (cause instanceof Error err) throw err;
            throw new EngineException(op + ": " + cause, cause);
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A failed TLS handshake says what to check: the JDK's own words are about certificate paths, and
     * an engine that wants a client certificate and gets none just closes the connection. The cause
     * stays, so a connection that broke for another reason is still retried as unreachable.
     */
    private RuntimeException tlsExplained(RuntimeException e) {
        if (tls == null) return e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DockerException) return e;
            // the set-up's own message (docker-java wraps what building its client raised)
            if (t instanceof DockerTlsException setUp) return setUp;
            if (t instanceof javax.net.ssl.SSLException) {
                return new DockerTlsException(
                        "TLS with " + endpoint + " failed: " + rootMessage(t) + " (trusted CA: "
                                + tls.certDir().resolve(DockerTls.CA) + ")",
                        e);
            }
            if (t instanceof java.net.SocketException
                    && !(t instanceof java.net.ConnectException)
                    && !tls.hasClientCertificate()) {
                return new DockerTlsException(
                        endpoint + " closed the TLS connection (" + rootMessage(t)
                                + "); it may require a client certificate: " + DockerTls.CERT + " and "
                                + DockerTls.KEY + " in " + tls.certDir(),
                        e);
            }
        }
        return e;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    @Override
    public void close() {
        calls.shutdownNow();
        try {
            DockerClient c = client;
            if (c != null) c.close(); // never made: nothing to close
        } catch (IOException e) {
            // closing
        }
    }
}
