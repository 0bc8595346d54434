package dev.hearth.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a create request must not carry when podman serves it (docs/podman.md#log_tag): conmon
 * refuses a log tag with podman's own log drivers ({@code k8s-file doesn't support --log-tag}, the
 * create fails with {@code exit status 1}), so {@code log_tag} is left out there; it stays in the
 * container's {@code config_data} label, so a re-apply compares equal.
 */
final class PodmanRequests {
    private PodmanRequests() {}

    /** Whether {@link #adapt} would change the request (so whether the engine's kind must be known). */
    static boolean needsAdapting(CreateContainerCmd cmd) {
        HostConfig hc = cmd.getHostConfig();
        LogConfig lc = hc == null ? null : hc.getLogConfig();
        return lc != null && lc.getConfig() != null && lc.getConfig().containsKey("tag");
    }

    static CreateContainerCmd adapt(CreateContainerCmd cmd) {
        if (!needsAdapting(cmd)) return cmd;
        HostConfig hc = cmd.getHostConfig();
        LogConfig lc = hc.getLogConfig();
        Map<String, String> rest = new LinkedHashMap<>(lc.getConfig());
        rest.remove("tag");
        if (lc instanceof K8sFileLogConfig) {
            hc.withLogConfig(new K8sFileLogConfig(rest));
        } else if (rest.isEmpty() && lc.getType() == null) {
            hc.withLogConfig(null);
        } else {
            hc.withLogConfig(new LogConfig(lc.getType(), rest));
        }
        return cmd;
    }
}
