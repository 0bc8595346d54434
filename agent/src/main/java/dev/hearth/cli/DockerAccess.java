package dev.hearth.cli;

import dev.hearth.agent.BuiltinHooks;
import dev.hearth.config.AgentConfig;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.DockerTlsException;
import dev.hearth.docker.Engine;
import java.time.Duration;
import java.util.Map;

/**
 * How the commands that read dockerd ({@code containers}, {@code plan}) reach it: the agent's
 * settings with a person's patience. The agent waits a minute for a restarting daemon; a command
 * says within seconds that nothing answers, and where it asked.
 */
final class DockerAccess {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    static final Duration WAIT_FOR_DAEMON = Duration.ofSeconds(2);

    private DockerAccess() {}

    static DockerHookSettings settings(AgentConfig config, String dockerHost) {
        DockerHookSettings configured = BuiltinHooks.dockerSettings(config);
        DockerHookSettings settings = dockerHost != null ? configured.withDockerHost(dockerHost) : configured;
        return settings.withDaemonWait(CALL_TIMEOUT, WAIT_FOR_DAEMON);
    }

    /** {@code e} as a message naming the address, when it says the daemon is not answering; else {@code e}. */
    static RuntimeException explain(RuntimeException e, DockerHookSettings settings, Map<String, String> env) {
        // a failed TLS set-up or handshake: its message already names the address and what to check
        if (e instanceof DockerTlsException) return e;
        if (!Engine.unreachable(e) && !timedOut(e)) return e;
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return new CliException(
                "the Docker Engine at " + settings.resolvedHost(env) + " does not answer: "
                        + (root.getMessage() != null
                                ? root.getMessage()
                                : root.getClass().getSimpleName()),
                ExitCodes.FAILED);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) return true;
            if (t.getMessage() != null && t.getMessage().contains("timed out")) return true;
        }
        return false;
    }
}
