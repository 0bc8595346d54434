package dev.hearth.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a spec with a container the Python docker-cmd hook made (it wrote no config_data label),
 * from what {@code docker inspect} shows: the settings that hook could set.
 */
final class LegacySettings {
    private LegacySettings() {}

    static Set<String> differences(ContainerSpec spec, InspectContainerResponse r) {
        Set<String> diff = new TreeSet<>();
        var config = r.getConfig();
        var host = r.getHostConfig();
        if (config == null || host == null) return Set.of("config_data");
        if (!ImageRefs.same(spec.image(), config.getImage())) diff.add("image");
        if (!spec.command().isEmpty()
                && !spec.command().equals(config.getCmd() == null ? List.of() : Arrays.asList(config.getCmd()))) {
            diff.add("command");
        }
        Set<String> env = config.getEnv() == null ? Set.of() : new HashSet<>(Arrays.asList(config.getEnv()));
        if (!env.containsAll(spec.env().stream().filter(e -> e.contains("=")).toList())) diff.add("environment");
        Set<String> wanted = new HashSet<>();
        Set<String> anonymous = new HashSet<>();
        for (var v : spec.options().volumes()) {
            if (v.kind() == ContainerSpec.VolumeSpec.Kind.ANONYMOUS) anonymous.add(withoutTrailingSlash(v.target()));
            else wanted.add(withoutTrailingSlash(v.source()) + ":" + withoutTrailingSlash(v.target()));
        }
        // podman lists binds with their paths cleaned (no trailing slash) and an anonymous volume
        // among them under its generated name (docs/podman.md); dockerd lists them as they were given.
        Set<String> actual = new HashSet<>();
        if (host.getBinds() != null) {
            for (var b : host.getBinds()) {
                String target = withoutTrailingSlash(b.getVolume().getPath());
                if (anonymous.contains(target)) continue;
                actual.add(withoutTrailingSlash(b.getPath()) + ":" + target);
            }
        }
        if (!wanted.equals(actual)) diff.add("volumes");
        var o = spec.options();
        if (o.net() != null && !o.net().equals(host.getNetworkMode())) diff.add("net");
        if (o.pid() != null && !o.pid().equals(host.getPidMode())) diff.add("pid");
        boolean privileged = o.privileged() != null && o.privileged();
        if (privileged != Boolean.TRUE.equals(host.getPrivileged())) diff.add("privileged");
        String restart = o.restart() == null ? "no" : o.restart().split(":", -1)[0];
        String actualRestart = host.getRestartPolicy() == null
                        || host.getRestartPolicy().getName() == null
                        || host.getRestartPolicy().getName().isEmpty()
                ? "no"
                : host.getRestartPolicy().getName();
        if (!restart.equals(actualRestart)) diff.add("restart");
        String user = o.user() == null ? "" : o.user();
        if (!user.equals(config.getUser() == null ? "" : config.getUser())) diff.add("user");
        return diff;
    }

    private static String withoutTrailingSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }
}
