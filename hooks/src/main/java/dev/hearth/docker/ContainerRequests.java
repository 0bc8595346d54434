package dev.hearth.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.hearth.docker.ContainerSpec.EngineOptions;
import dev.hearth.docker.ContainerSpec.VolumeSpec;
import java.util.List;
import java.util.Map;

/** Maps a {@link ContainerSpec} onto {@code POST /containers/create} (docs/containers.md#keys). */
final class ContainerRequests {
    private ContainerRequests() {}

    static CreateContainerCmd create(DockerClient client, ContainerSpec spec, String name, Map<String, String> labels) {
        return create(client, spec, name, labels, null);
    }

    /** With {@code logFile}, the output goes there through podman's k8s-file driver. */
    static CreateContainerCmd create(
            DockerClient client,
            ContainerSpec spec,
            String name,
            Map<String, String> labels,
            java.nio.file.Path logFile) {
        EngineOptions o = spec.options();
        HostConfig hc = HostConfig.newHostConfig();
        if (o.net() != null) hc.withNetworkMode(o.net());
        if (o.ipc() != null) hc.withIpcMode(o.ipc());
        if (o.pid() != null) hc.withPidMode(o.pid());
        if (o.uts() != null) hc.withUtSMode(o.uts());
        if (o.privileged() != null) hc.withPrivileged(o.privileged());
        if (o.restart() != null) hc.withRestartPolicy(RestartPolicy.parse(o.restart()));
        // Non-detached runs are waited for and their output read: removed by Hearth after the wait.
        if (o.remove() && spec.detach()) hc.withAutoRemove(true);
        List<Bind> binds = o.volumes().stream()
                .filter(v -> v.kind() != VolumeSpec.Kind.ANONYMOUS)
                .map(v -> Bind.parse(v.source() + ":" + v.target()
                        + (v.options().isEmpty() ? "" : ":" + String.join(",", v.options()))))
                .toList();
        if (!binds.isEmpty()) hc.withBinds(binds);
        if (!o.volumesFrom().isEmpty()) {
            hc.withVolumesFrom(o.volumesFrom().stream().map(VolumesFrom::parse).toList());
        }
        if (logFile != null) {
            Map<String, String> opts = new java.util.LinkedHashMap<>();
            opts.put("path", logFile.toString());
            if (o.logTag() != null) opts.put("tag", o.logTag());
            hc.withLogConfig(new K8sFileLogConfig(opts));
        } else if (o.logTag() != null) {
            // Type left unset = the daemon's default log driver (docker-java's DEFAULT would mean json-file).
            hc.withLogConfig(new LogConfig(null, Map.of("tag", o.logTag())));
        }
        if (!o.ulimits().isEmpty()) {
            hc.withUlimits(o.ulimits().stream()
                    .map(u -> new Ulimit(u.name(), u.soft(), u.hard()))
                    .toList());
        }
        if (o.cpuShares() != null) hc.withCpuShares(o.cpuShares());
        if (o.cpusetCpus() != null) hc.withCpusetCpus(o.cpusetCpus());
        if (o.memLimit() != null) hc.withMemory(o.memLimit());
        if (o.memswapLimit() != null) hc.withMemorySwap(o.memswapLimit());
        if (o.memSwappiness() != null) hc.withMemorySwappiness(o.memSwappiness());
        if (!o.securityOpt().isEmpty()) hc.withSecurityOpts(o.securityOpt());
        if (!o.extraHosts().isEmpty()) hc.withExtraHosts(o.extraHosts().toArray(String[]::new));
        if (!o.capAdd().isEmpty())
            hc.withCapAdd(o.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new));
        if (!o.capDrop().isEmpty())
            hc.withCapDrop(o.capDrop().stream().map(Capability::valueOf).toArray(Capability[]::new));
        if (!o.groupAdd().isEmpty()) hc.withGroupAdd(o.groupAdd());

        CreateContainerCmd cmd = client.createContainerCmd(spec.image())
                .withName(name)
                .withLabels(labels)
                .withHostConfig(hc);
        if (!spec.env().isEmpty()) cmd.withEnv(spec.env());
        if (!spec.command().isEmpty()) cmd.withCmd(spec.command());
        if (o.user() != null) cmd.withUser(o.user());
        if (o.tty()) cmd.withTty(true);
        if (o.interactive()) cmd.withStdinOpen(true).withAttachStdin(true).withStdInOnce(true);
        if (o.hostname() != null) cmd.withHostName(o.hostname());
        if (o.stopSignal() != null) cmd.withStopSignal(o.stopSignal());
        if (o.stopGracePeriod() != null) cmd.withStopTimeout(o.stopGracePeriod());
        List<Volume> anonymous = o.volumes().stream()
                .filter(v -> v.kind() == VolumeSpec.Kind.ANONYMOUS)
                .map(v -> new Volume(v.target()))
                .toList();
        if (!anonymous.isEmpty()) cmd.withVolumes(anonymous);
        if (o.healthcheck() != null) {
            var h = o.healthcheck();
            HealthCheck check = new HealthCheck().withTest(h.test());
            if (h.intervalNanos() != null) check.withInterval(h.intervalNanos());
            if (h.timeoutNanos() != null) check.withTimeout(h.timeoutNanos());
            if (h.retries() != null) check.withRetries(h.retries());
            if (h.startPeriodNanos() != null) check.withStartPeriod(h.startPeriodNanos());
            cmd.withHealthcheck(check);
        }
        return cmd;
    }
}
