package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.fs.FileTrees;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a real dockerd (the default one, or {@code host}). Everything it makes carries a
 * per-fixture stack id or the {@code hearth-test} label, and {@link #cleanUp()} removes it. An
 * unreachable daemon fails the test loudly: run {@code .ci/setup-docker.sh} first.
 */
final class DockerFixture implements AutoCloseable {
    static final String IMAGE = "hearth-test/busybox:latest";

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String stack = "it-stack-" + run;
    final String host;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final DockerHookSettings settings;
    final DockerCmdHook hook;
    private final Path scratch;

    private static Path scratchDir() {
        try {
            return Files.createTempDirectory("hearth-docker-fixture-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DockerFixture() {
        this(null, DockerHookSettings.defaults());
    }

    DockerFixture(String host, DockerHookSettings settings) {
        this.host = host;
        // On podman the hook writes a systemd unit and a log file per container: a test must not
        // leave them in the host's /etc/systemd/system or /var/log/containers/stdouts.
        this.scratch = scratchDir();
        UnitSettings given = settings.units();
        UnitSettings units = new UnitSettings(
                given.mode(),
                UnitSettings.UNIT_DIR.equals(given.unitDir()) ? scratch.resolve("units") : given.unitDir(),
                UnitSettings.PODMAN_LOG_DIR.equals(given.podmanLogDir())
                        ? scratch.resolve("stdouts")
                        : given.podmanLogDir());
        // busybox sleep as PID 1 ignores SIGTERM: do not wait the default 10 s on every stop
        this.settings = settings.withDockerHost(host)
                .withPull(2, Duration.ofMillis(200))
                .withStopTimeoutSeconds(1)
                .withUnits(units);
        this.hook = DockerCmdHook.connect(this.settings, Map.of(), meters);
        try {
            hook.engine().ping();
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "dockerd is not reachable at " + this.settings.resolvedHost(System.getenv())
                            + " (run .ci/setup-docker.sh): " + e,
                    e);
        }
        if (docker("image", "inspect", IMAGE).exitCode != 0) {
            throw new AssertionError(IMAGE + " is missing: run .ci/setup-docker.sh");
        }
    }

    /** A container name unique to this fixture. */
    String name(String base) {
        return "h" + run + "-" + base;
    }

    Deployment deployment(String id, String resource, String action, JsonNode config) {
        ObjectNode d = Json.object();
        d.put("id", id);
        d.put("name", resource);
        d.put("group", "docker-cmd");
        d.set("config", config);
        ArrayNode inputs = d.putArray("inputs");
        inputs.addObject().put("name", "deploy_stack_id").put("value", stack);
        inputs.addObject().put("name", "deploy_resource_name").put("value", resource);
        inputs.addObject().put("name", "deploy_action").put("value", action);
        return Deployment.fromJson(d, "$");
    }

    Deployment deployment(String id, String resource, String configJson) {
        return deployment(id, resource, "CREATE", Json.parse(configJson));
    }

    HookContext context(Path dir) {
        return new HookContext(dir, dir, Duration.ofMinutes(3), Map.of("HEARTH_IT_AGENT_VAR", "from-agent"), null);
    }

    HookResponse apply(Deployment d, Path dir) throws InterruptedException {
        return hook.run(d, context(dir));
    }

    /** Whether the engine under test is podman (its socket named by {@code host}). */
    boolean podman() {
        return DockerEndpoint.PODMAN_SOCKET.equals(host);
    }

    /**
     * A new image from a container, with one Dockerfile instruction. Podman's compat API cannot take
     * the instruction ({@code docker commit -c} gets "Decode(): EOF"), so there the podman CLI
     * commits, into the same storage the service reads.
     */
    Result commit(String container, String image, String change) {
        if (!podman()) return docker("commit", "-c", change, container, image);
        return run(List.of("podman", "commit", "--change", change, container, image));
    }

    /**
     * The podman CLI against the service under test, as paunch and tripleo-ansible drove podman: for
     * tests that make containers the way they did (Hearth itself never runs it).
     */
    Result podman(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman", "--remote", "--url", host));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** docker inspect, as JSON. */
    JsonNode inspect(String name) {
        Result r = docker("inspect", "--type", "container", name);
        if (r.exitCode != 0) throw new AssertionError("docker inspect " + name + ": " + r.err);
        return Json.parse(r.out).get(0);
    }

    boolean exists(String name) {
        return docker("inspect", "--type", "container", name).exitCode == 0;
    }

    String id(String name) {
        return inspect(name).get("Id").asText();
    }

    /** Names of the containers of this fixture's stack. */
    List<String> stackContainers() {
        Result r = docker("ps", "-a", "--filter", "label=deploy_stack_id=" + stack, "--format", "{{.Names}}");
        return r.out.lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    record Result(int exitCode, String out, String err) {}

    Result docker(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        if (host != null) {
            cmd.add("-H");
            cmd.add(host);
        }
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private Result run(List<String> cmd) {
        String[] args = cmd.toArray(String[]::new);
        try {
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", args) + " hung");
            }
            return new Result(p.exitValue(), stdout, stderr);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + args[0] + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Removes every container of this fixture (by stack label and by test label) and its images. */
    void cleanUp() {
        for (String filter : List.of("label=deploy_stack_id=" + stack, "label=hearth-test=" + run)) {
            Result r = docker("ps", "-aq", "--filter", filter);
            List<String> ids = r.out.lines().filter(l -> !l.isBlank()).toList();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
                args.addAll(ids);
                docker(args.toArray(String[]::new));
            }
        }
    }

    @Override
    public void close() {
        try {
            cleanUp();
        } finally {
            hook.close();
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // a leftover scratch directory under /tmp harms nothing
        }
    }
}
