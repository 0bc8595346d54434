package dev.hearth.docker;

import java.util.List;

/** The deployment's container settings are wrong; raised before any container is touched. */
public final class DockerConfigException extends RuntimeException {
    private final List<String> problems;

    public DockerConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public static DockerConfigException of(String container, String key, String message) {
        return new DockerConfigException(List.of(problem(container, key, message)));
    }

    public static String problem(String container, String key, String message) {
        return key == null
                ? "container '" + container + "': " + message
                : "container '" + container + "' key '" + key + "': " + message;
    }

    public List<String> problems() {
        return problems;
    }
}
