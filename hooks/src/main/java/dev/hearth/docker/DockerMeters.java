package dev.hearth.docker;

/** Meter names of the docker-cmd hook, in one place. */
public final class DockerMeters {
    /** Timer of every Engine API call, tagged {@code operation} and {@code outcome}. */
    public static final String API_CALLS = "hearth.docker.api.calls";
    /** Counter of drift found on managed containers, tagged {@code kind}. */
    public static final String DRIFT = "hearth.docker.drift";
    /** Counter of plan actions executed, tagged {@code action} and {@code outcome}. */
    public static final String ACTIONS = "hearth.docker.actions";

    private DockerMeters() {}
}
