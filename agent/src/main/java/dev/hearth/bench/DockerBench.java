package dev.hearth.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.docker.ConfigHashes;
import dev.hearth.docker.ContainerSpec;
import dev.hearth.docker.DockerCmdHook;
import dev.hearth.docker.DockerConfig;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.Engine;
import dev.hearth.docker.EngineContainer;
import dev.hearth.docker.EngineInfo;
import dev.hearth.docker.Labels;
import dev.hearth.docker.UnitSettings;
import dev.hearth.fs.FileTrees;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * {@code hearth bench docker}: Hearth's cold converge against the floor (the same containers created
 * and started straight through docker-java, group by group, as concurrently as Hearth may), and a
 * no-op re-apply (wall time, Engine API calls), on whichever engine answers (dockerd or podman).
 * Uses the local test image; removes what it made. On podman both sides give each container the
 * same k8s-file log (below a scratch directory); systemd units are written only when the settings
 * say so, and the floor writes none.
 */
public final class DockerBench {
    public static final String DEFAULT_IMAGE = "hearth-test/busybox:latest";

    private final DockerHookSettings settings;
    private final Map<String, String> environment;
    private final String image;
    private final Consumer<String> progress;

    public DockerBench(
            DockerHookSettings settings, Map<String, String> environment, String image, Consumer<String> progress) {
        this.settings = settings;
        this.environment = Map.copyOf(environment);
        this.image = image;
        this.progress = progress;
    }

    public record Result(
            String engine,
            boolean podman,
            String systemdUnits,
            int coldContainers,
            int groups,
            int parallelism,
            long hearthColdMs,
            long floorMs,
            double ratio,
            int noopContainers,
            long noopMs,
            long noopFirstMs,
            long noopApiCalls) {
        /** podman's target is relative to its own floor only; dockerd's also bounds the no-op's wall time. */
        public double ratioTarget() {
            return podman ? 1.1 : 1.3;
        }

        public boolean meetsTargets() {
            return ratio <= ratioTarget() && noopApiCalls <= 2 && (podman || noopMs < 150);
        }
    }

    public Result run(int coldContainers, int groups, int noopContainers, int noopRepeats) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Path dir = Files.createTempDirectory("hearth-bench");
        HookContext context = new HookContext(dir, dir, Duration.ofMinutes(30), environment, null);
        UnitSettings units = settings.units();
        DockerHookSettings bench = settings.withUnits(new UnitSettings(
                units.mode(), units.unitDir(), units.podmanLogDir() == null ? null : dir.resolve("stdouts")));
        Engine engine = Engine.connect(bench, environment, new SimpleMeterRegistry());
        try (DockerCmdHook hook = new DockerCmdHook(bench, engine, new SimpleMeterRegistry())) {
            EngineInfo info = engine.info();
            progress.accept("engine: " + info.describe());
            Path logDir = info.podman() ? bench.units().podmanLogDir() : null;
            if (engine.imageId(image) == null) {
                throw new IllegalStateException("bench image " + image + " is missing (run .ci/setup-docker.sh)");
            }
            // warm up both paths (JIT, connection pool) on a small set
            Deployment warm = deployment("bench-warm-" + run, config("bw" + run, 6, 3));
            hook.run(warm, context);
            removeAll(engine, "bench-warm-" + run);
            floor(
                    engine,
                    logDir,
                    "bench-warmfloor-" + run,
                    DockerConfig.parse(
                            config("bf" + run, 6, 3), environment, new ConfigHashes(settings.configDataPrefix())));
            removeAll(engine, "bench-warmfloor-" + run);

            // floor: the same containers, create+start straight through docker-java
            ObjectNode coldConfig = config("bc" + run, coldContainers, groups);
            DockerConfig specs =
                    DockerConfig.parse(coldConfig, environment, new ConfigHashes(settings.configDataPrefix()));
            progress.accept("floor: creating and starting " + coldContainers + " containers through docker-java");
            long t0 = System.nanoTime();
            floor(engine, logDir, "bench-floor-" + run, specs);
            long floorMs = (System.nanoTime() - t0) / 1_000_000;
            removeAll(engine, "bench-floor-" + run);

            progress.accept("hearth: cold converge of the same " + coldContainers + " containers");
            Deployment cold = deployment("bench-cold-" + run, coldConfig);
            t0 = System.nanoTime();
            HookResponse r = hook.run(cold, context);
            long hearthMs = (System.nanoTime() - t0) / 1_000_000;
            if (!r.succeeded()) throw new IllegalStateException("cold converge failed: " + r.stderr());
            removeAll(engine, "bench-cold-" + run);

            progress.accept("no-op: converging " + noopContainers + " containers, then re-applying");
            Deployment noop = deployment("bench-noop-" + run, config("bn" + run, noopContainers, groups));
            HookResponse first = hook.run(noop, context);
            if (!first.succeeded()) throw new IllegalStateException("converge failed: " + first.stderr());
            long best = Long.MAX_VALUE;
            long firstMs = -1;
            long calls = 0;
            for (int i = 0; i < noopRepeats; i++) {
                long c0 = engine.calls();
                long s = System.nanoTime();
                HookResponse again = hook.run(noop, context);
                long ms = (System.nanoTime() - s) / 1_000_000;
                if (!again.succeeded() || again.stdout().contains("created")) {
                    throw new IllegalStateException("re-apply was not a no-op: " + again.stdout() + again.stderr());
                }
                calls = Math.max(calls, engine.calls() - c0);
                if (firstMs < 0) firstMs = ms;
                best = Math.min(best, ms);
            }
            removeAll(engine, "bench-noop-" + run);
            return new Result(
                    info.describe(),
                    info.podman(),
                    bench.units().mode().name().toLowerCase(java.util.Locale.ROOT),
                    coldContainers,
                    groups,
                    settings.parallelism(),
                    hearthMs,
                    floorMs,
                    floorMs == 0 ? 0 : (double) hearthMs / floorMs,
                    noopContainers,
                    best,
                    firstMs,
                    calls);
        } finally {
            FileTrees.delete(dir);
        }
    }

    private ObjectNode config(String prefix, int n, int groups) {
        ObjectNode c = Json.object();
        for (int i = 0; i < n; i++) {
            ObjectNode s = c.putObject(prefix + "-c" + i);
            s.put("image", image);
            s.put("net", "host");
            s.put("start_order", i % groups);
            s.put("stop_grace_period", 1);
            s.putArray("command").add("sleep").add("3600");
            s.putArray("environment").add("BENCH_INDEX=" + i);
        }
        return c;
    }

    private Deployment deployment(String resource, ObjectNode config) {
        ObjectNode d = Json.object();
        d.put("id", resource + "-id");
        d.put("name", resource);
        d.put("group", DockerCmdHook.GROUP);
        d.set("config", config);
        var inputs = d.putArray("inputs");
        inputs.addObject().put("name", "deploy_stack_id").put("value", "hearth-bench");
        inputs.addObject().put("name", "deploy_resource_name").put("value", resource);
        return Deployment.fromJson(d, "$");
    }

    /** Group by group, each group's containers created and started with the same bound as Hearth. */
    private void floor(Engine engine, Path logDir, String resource, DockerConfig specs) throws Exception {
        Map<Integer, List<ContainerSpec>> groups = new java.util.TreeMap<>();
        specs.containers()
                .values()
                .forEach(s -> groups.computeIfAbsent(s.startOrder(), k -> new ArrayList<>())
                        .add(s));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore permits = new Semaphore(settings.parallelism());
            for (List<ContainerSpec> group : groups.values()) {
                List<Future<?>> fs = new ArrayList<>();
                for (ContainerSpec s : group) {
                    fs.add(pool.submit(() -> {
                        permits.acquire();
                        try {
                            Map<String, String> labels = new LinkedHashMap<>();
                            labels.put(Labels.MANAGED_BY, "hearth-bench");
                            labels.put(Labels.STACK_ID, "hearth-bench");
                            labels.put(Labels.RESOURCE_NAME, resource);
                            String id = engine.create(
                                    s, s.name(), labels, logDir == null ? null : logDir.resolve(s.name() + ".log"));
                            engine.start(id);
                        } finally {
                            permits.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) f.get();
            }
        }
    }

    private void removeAll(Engine engine, String resource) throws Exception {
        List<EngineContainer> all = engine.listManaged().stream()
                .filter(c -> resource.equals(c.label(Labels.RESOURCE_NAME)))
                .toList();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore permits = new Semaphore(settings.parallelism());
            List<Future<?>> fs = new ArrayList<>();
            for (EngineContainer c : all) {
                fs.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        engine.request(
                                "remove",
                                client -> client.removeContainerCmd(c.id())
                                        .withForce(true)
                                        .exec());
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        }
    }
}
