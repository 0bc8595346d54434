package dev.hearth.http;

import dev.hearth.config.ConfigException;
import dev.hearth.deploy.DeploymentQueries;
import dev.hearth.deploy.MetadataReader;
import dev.hearth.deploy.MetadataSink;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one HTTP server: push ({@code POST /v1/metadata}), status ({@code GET /v1/deployments},
 * {@code GET /v1/deployments/{id}}), {@code GET /metrics}, {@code GET /healthz} and {@code GET /readyz}.
 * netty (NIO) does the I/O; every endpoint runs on a virtual thread.
 *
 * <pre>{@code
 * try (var server = new AgentHttpServer(HttpServerSettings.from(config.http(), config.stateDir()), sink, queries, registry, probe)) {
 *     InetSocketAddress bound = server.start();
 *     ...
 * }
 * }</pre>
 */
public final class AgentHttpServer implements AutoCloseable {
    /** {@code /readyz} answers 503 when the probe takes longer. */
    public static final Duration READINESS_TIMEOUT = Duration.ofSeconds(5);
    /** A connection with no traffic for this long is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** How long {@link #close()} waits for requests in flight. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(AgentHttpServer.class);

    private final HttpServerSettings settings;
    private final Path socket;
    private final Router router;
    private final RequestMetrics metrics;
    private final ExecutorService executor;
    private final PendingWrites writes = new PendingWrites();
    private EventLoopGroup group;
    private Channel serverChannel;
    private Channel socketChannel;
    private InetSocketAddress bound;

    public AgentHttpServer(
            HttpServerSettings settings,
            MetadataSink sink,
            DeploymentQueries queries,
            PrometheusMeterRegistry registry,
            ReadinessProbe readiness) {
        this(settings, sink, queries, registry, readiness, MetadataReader.defaults());
    }

    /** @param documents reads pushed documents within the configured {@code limits} */
    public AgentHttpServer(
            HttpServerSettings settings,
            MetadataSink sink,
            DeploymentQueries queries,
            PrometheusMeterRegistry registry,
            ReadinessProbe readiness,
            MetadataReader documents) {
        this(settings, null, sink, queries, registry, readiness, documents);
    }

    /** @param socket a Unix socket to serve the API on as well ({@code http.socket}); null for none */
    public AgentHttpServer(
            HttpServerSettings settings,
            Path socket,
            MetadataSink sink,
            DeploymentQueries queries,
            PrometheusMeterRegistry registry,
            ReadinessProbe readiness,
            MetadataReader documents) {
        this.settings = settings;
        this.socket = socket;
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("hearth-http-", 0).factory());
        this.metrics = new RequestMetrics(registry);
        Endpoints e = new Endpoints(sink, queries, registry, readiness, executor, READINESS_TIMEOUT, documents);
        this.router = new Router()
                .add(HttpMethod.GET, AuthHandler.OPEN_PATH, e::healthz)
                .add(HttpMethod.GET, "/readyz", e::readyz)
                .add(HttpMethod.GET, "/metrics", e::metrics)
                .add(HttpMethod.POST, "/v1/metadata", e::push)
                .add(HttpMethod.GET, "/v1/deployments", e::list)
                .add(HttpMethod.GET, "/v1/deployments/{id}", e::get);
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound address (the real port when {@code http.listen} asked for port 0)
     * @throws ConfigException when the address cannot be bound
     */
    public synchronized InetSocketAddress start() {
        if (serverChannel != null) throw new IllegalStateException("already started");
        InetSocketAddress address = settings.listen().resolve();
        group = new MultiThreadIoEventLoopGroup(
                2, new DefaultThreadFactory("hearth-http-io", true), NioIoHandler.newFactory());
        AuthPolicy policy = settings.authPolicy();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(pipeline(policy, true));
        try {
            serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Nothing runs on the group yet: its shutdown needs no waiting for, and cannot fail usefully.
            var unused = group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            group = null;
            throw new ConfigException("http.listen: cannot listen on " + settings.listen() + ": " + e.getMessage(), e);
        }
        bound = (InetSocketAddress) serverChannel.localAddress();
        log.info(
                "HTTP API listening on {}://{}:{} (auth: {}{})",
                settings.tls() != null ? "https" : "http",
                bound.getAddress().getHostAddress(),
                bound.getPort(),
                policy.token() != null
                        ? "bearer token" + (policy.openMonitoring() ? " made by the agent" : "")
                        : "none",
                policy.clientCertificate() ? ", client certificate" : "");
        if (socket != null) bindSocket();
        return bound;
    }

    private void bindSocket() {
        SocketFile.prepare(socket);
        // Bound in a directory only root may enter and moved into place once restricted: the socket
        // never appears at its path with a mode that lets others connect.
        Path staging = SocketFile.stagingDirectory(socket);
        Path bindAt = staging.resolve("s");
        String socketGroup;
        try {
            socketChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerDomainSocketChannel.class)
                    .childHandler(pipeline(AuthPolicy.socket(), false))
                    .bind(UnixDomainSocketAddress.of(bindAt))
                    .syncUninterruptibly()
                    .channel();
            socketGroup = SocketFile.restrict(bindAt);
            SocketFile.publish(bindAt, socket);
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException("http.socket: cannot listen on " + socket + ": " + e.getMessage(), e);
        } finally {
            SocketFile.remove(bindAt);
            SocketFile.remove(staging);
        }
        log.info(
                "HTTP API listening on unix:{} (mode 0660, group {}: who may open it may use the API)",
                socket,
                socketGroup);
    }

    private ChannelInitializer<Channel> pipeline(AuthPolicy policy, boolean tls) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (tls && settings.tls() != null)
                    p.addLast("tls", settings.tls().context().newHandler(ch.alloc()));
                p.addLast("idle", new IdleStateHandler(0, 0, IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                p.addLast("codec", new HttpServerCodec());
                p.addLast("auth", new AuthHandler(policy, router, metrics));
                p.addLast("aggregate", new BodyLimitAggregator(settings.maxBodySize(), router, metrics));
                p.addLast("handler", new RequestHandler(router, executor, metrics, writes));
            }
        };
    }

    public synchronized InetSocketAddress address() {
        if (bound == null) throw new IllegalStateException("not started");
        return bound;
    }

    /** The base URL of the running server, e.g. {@code http://127.0.0.1:8765}. */
    public URI baseUri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create((settings.tls() != null ? "https" : "http") + "://" + host + ":" + a.getPort());
    }

    /**
     * Stops accepting, lets requests in flight finish and their answers reach the wire for up to
     * {@link #SHUTDOWN_GRACE}, then closes every connection.
     */
    @Override
    public synchronized void close() {
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (socketChannel != null) {
            socketChannel.close().syncUninterruptibly();
            socketChannel = null;
            SocketFile.remove(socket);
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // Every answer was handed to netty before its task ended; netty closes connections before
        // running queued writes when its loops shut down, so wait for the writes first.
        writes.awaitAll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
