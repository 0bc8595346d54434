package dev.hearth.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory container engine for unit tests of the planner and executor: containers with labels,
 * state, exit codes and health as the Engine reports them, local images, and scripted failures (a
 * pull that fails N times, a create that fails, a one-shot's exit code, health that turns healthy
 * after N looks). Every call that changes something is written to {@link #events()} in order.
 */
final class FakeEngine implements ContainerEngine {
    /** One container as the fake keeps it. */
    static final class Box {
        final String id;
        String name;
        final Map<String, String> labels;
        final String image;
        final String imageId;
        boolean running;
        boolean everStarted;
        Integer exitCode;
        final ContainerSpec spec;

        Box(String id, String name, Map<String, String> labels, String image, String imageId, ContainerSpec spec) {
            this.id = id;
            this.name = name;
            this.labels = Map.copyOf(labels);
            this.image = image;
            this.imageId = imageId;
            this.spec = spec;
        }

        EngineContainer listed() {
            String state = running ? "running" : everStarted ? "exited" : "created";
            String status =
                    running ? "Up 1 second" : everStarted ? "Exited (" + exitCode + ") 1 second ago" : "Created";
            return new EngineContainer(id, name, labels, state, status, image, imageId, 0);
        }
    }

    private final Map<String, Box> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> images = Collections.synchronizedMap(new HashMap<>());
    private final Map<String, AtomicInteger> pullFailures = new HashMap<>();
    private final Map<String, Integer> oneShotExitCodes = new HashMap<>();
    private final Map<String, Deque<String>> healthScript = new HashMap<>();
    private final Map<String, String> createFailures = new HashMap<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();

    // ---------------------------------------------------------------- scripting

    FakeEngine image(String ref, String id) {
        images.put(ImageRefs.normalize(ref), id);
        return this;
    }

    /** The next {@code times} pulls of {@code ref} fail; after that a pull makes the image present. */
    FakeEngine pullFails(String ref, int times) {
        pullFailures.put(ref, new AtomicInteger(times));
        return this;
    }

    /** A one-shot named {@code name} exits with {@code code}. */
    FakeEngine exitsWith(String name, int code) {
        oneShotExitCodes.put(name, code);
        return this;
    }

    /** Creating {@code name} fails with {@code message}. */
    FakeEngine createFails(String name, String message) {
        createFailures.put(name, message);
        return this;
    }

    /** The health statuses a container named {@code name} reports, one per look; the last one stays. */
    FakeEngine health(String name, String... statuses) {
        healthScript.put(name, new ArrayDeque<>(List.of(statuses)));
        return this;
    }

    /** A container that exists already (not made through this fake's create). */
    String existing(String name, Map<String, String> labels, String image, boolean running) {
        String id = "c" + ids.incrementAndGet();
        Box b = new Box(id, name, labels, image, images.get(ImageRefs.normalize(image)), null);
        b.running = running;
        b.everStarted = true;
        b.exitCode = running ? null : 0;
        containers.put(id, b);
        return id;
    }

    /** Stops a container as if from outside Hearth. */
    void stopOutside(String name) {
        box(name).running = false;
        box(name).exitCode = 137;
    }

    List<String> events() {
        return List.copyOf(events);
    }

    Box box(String name) {
        synchronized (containers) {
            return containers.values().stream()
                    .filter(b -> b.name.equals(name))
                    .findFirst()
                    .orElse(null);
        }
    }

    // ---------------------------------------------------------------- ContainerEngine

    @Override
    public EngineInfo info() {
        calls.incrementAndGet();
        return new EngineInfo("fake://", "Fake Engine", "0", "1.43");
    }

    @Override
    public void ping() {
        calls.incrementAndGet();
    }

    @Override
    public List<EngineContainer> listManaged() {
        calls.incrementAndGet();
        synchronized (containers) {
            return containers.values().stream()
                    .filter(b -> b.labels.containsKey(Labels.MANAGED_BY))
                    .map(Box::listed)
                    .toList();
        }
    }

    @Override
    public Map<String, String> localImages() {
        calls.incrementAndGet();
        synchronized (images) {
            return Map.copyOf(images);
        }
    }

    @Override
    public String imageId(String ref) {
        calls.incrementAndGet();
        return images.get(ImageRefs.normalize(ref));
    }

    @Override
    public ContainerState state(String id) {
        calls.incrementAndGet();
        Box b = byId(id);
        Deque<String> script = healthScript.get(b.name);
        String health = null;
        if (script != null) health = script.size() > 1 ? script.poll() : script.peek();
        return new ContainerState(b.running, b.exitCode, health);
    }

    @Override
    public InspectContainerResponse inspect(String id) {
        throw new UnsupportedOperationException("the fake has no containers of the docker CLI to adopt");
    }

    @Override
    public void pull(String ref, Duration timeout) {
        calls.incrementAndGet();
        AtomicInteger failures = pullFailures.get(ref);
        if (failures != null && failures.getAndDecrement() > 0) {
            events.add("pull-failed " + ref);
            throw new EngineException("pull " + ref + ": registry unreachable");
        }
        events.add("pull " + ref);
        images.put(ImageRefs.normalize(ref), "sha256:" + Integer.toHexString(ref.hashCode()));
    }

    @Override
    public String create(ContainerSpec spec, String name, Map<String, String> labels, java.nio.file.Path logFile) {
        calls.incrementAndGet();
        if (createFailures.containsKey(spec.name())) throw new EngineException(createFailures.get(spec.name()));
        String imageId = images.get(ImageRefs.normalize(spec.image()));
        if (imageId == null) throw new NoSuchObjectException("No such image: " + spec.image(), null);
        synchronized (containers) {
            if (containers.values().stream().anyMatch(b -> b.name.equals(name))) {
                throw new NameConflictException(
                        "Conflict. The container name \"/" + name + "\" is already in use", null);
            }
            String id = "c" + ids.incrementAndGet();
            containers.put(id, new Box(id, name, labels, spec.image(), imageId, spec));
            events.add("create " + name);
            return id;
        }
    }

    @Override
    public void start(String id) {
        calls.incrementAndGet();
        Box b = byId(id);
        b.everStarted = true;
        events.add("start " + b.name);
        Integer code = b.spec == null ? null : oneShotExitCodes.get(b.spec.name());
        if (b.spec != null && b.spec.isOneShot()) {
            b.running = false;
            b.exitCode = code == null ? 0 : code;
        } else {
            b.running = true;
        }
    }

    @Override
    public void stopAndRemove(String id, int seconds) {
        calls.incrementAndGet();
        Box b = containers.remove(id);
        if (b != null) events.add("remove " + b.name);
    }

    @Override
    public void rename(String id, String name) {
        calls.incrementAndGet();
        Box b = byId(id);
        events.add("rename " + b.name + " " + name);
        b.name = name;
    }

    @Override
    public int waitExit(String id, Duration max) {
        calls.incrementAndGet();
        Box b = byId(id);
        return b.exitCode == null ? 0 : b.exitCode;
    }

    @Override
    public ContainerOutput logs(String id) {
        calls.incrementAndGet();
        Box b = byId(id);
        return new ContainerOutput(b.exitCode, "output of " + b.name + "\n", "");
    }

    @Override
    public ContainerOutput exec(
            String containerId, String user, Boolean privileged, List<String> env, List<String> cmd, Duration max) {
        calls.incrementAndGet();
        Box b = byId(containerId);
        events.add("exec " + b.name + " " + String.join(" ", cmd));
        return new ContainerOutput(cmd.contains("false") ? 1 : 0, String.join(" ", cmd) + "\n", "");
    }

    @Override
    public long calls() {
        return calls.get();
    }

    @Override
    public void close() {}

    private Box byId(String id) {
        Box b = containers.get(id);
        if (b == null) throw new NoSuchObjectException("No such container: " + id, null);
        return b;
    }
}
