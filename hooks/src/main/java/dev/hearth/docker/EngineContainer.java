package dev.hearth.docker;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One container as the Engine's list call reports it: enough to plan without inspecting.
 * {@code name} has no leading slash; {@code created} is in epoch seconds.
 */
public record EngineContainer(
        String id,
        String name,
        Map<String, String> labels,
        String state,
        String status,
        String image,
        String imageId,
        long created) {

    private static final Pattern EXITED = Pattern.compile("^Exited \\((-?\\d+)\\)");

    public EngineContainer {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        state = state == null ? "" : state;
        status = status == null ? "" : status;
    }

    public String label(String key) {
        return labels.get(key);
    }

    public boolean isRunning() {
        return state.equals("running") || state.equals("restarting");
    }

    public boolean neverStarted() {
        return state.equals("created");
    }

    /** The exit code of an exited container, read from the list call's status text ("Exited (1) 2 minutes ago"). */
    public Optional<Integer> exitCode() {
        Matcher m = EXITED.matcher(status);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** healthy, unhealthy, starting, or empty when the container has no healthcheck (or is not running). */
    public Optional<String> health() {
        if (status.contains("(healthy)")) return Optional.of("healthy");
        if (status.contains("(unhealthy)")) return Optional.of("unhealthy");
        if (status.contains("(health: starting)")) return Optional.of("starting");
        return Optional.empty();
    }

    public DeploymentKey key() {
        String stack = labels.get(Labels.STACK_ID);
        String resource = labels.get(Labels.RESOURCE_NAME);
        return stack == null && resource == null
                ? null
                : new DeploymentKey(stack == null ? "" : stack, resource == null ? "" : resource);
    }
}
