package dev.hearth.docker;

import java.util.List;

/**
 * Which engine answers at the endpoint: {@value #DOCKER} or {@value #PODMAN}, its version and the
 * Engine API version it serves.
 */
public record EngineInfo(String endpoint, String name, String version, String apiVersion) {
    public static final String DOCKER = "Docker Engine";
    public static final String PODMAN = "Podman Engine";

    /**
     * The engine's name from the component names of its version answer: podman lists a component
     * "Podman Engine"; dockerd lists "Engine" (Docker CE adds its edition in the platform name, which
     * says nothing Hearth acts on).
     */
    public static String nameOf(List<String> componentNames) {
        return componentNames.stream().anyMatch(PODMAN::equalsIgnoreCase) ? PODMAN : DOCKER;
    }

    public boolean podman() {
        return PODMAN.equals(name);
    }

    /** One line for people: {@code Podman Engine 4.3.1 (API 1.41) at unix:///run/podman/podman.sock}. */
    public String describe() {
        return name + " " + version + " (API " + apiVersion + ") at " + endpoint;
    }
}
