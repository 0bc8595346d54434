package dev.hearth.configvolume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Paths, limits and defaults of config-volume generation. Every path is configurable; tests point
 * them all at temporary directories.
 *
 * @param configDataPrefix   where volumes go: {@code <prefix>/<vol>/}, {@code <prefix>/puppet-generated/<vol>/},
 *                           {@code <prefix>/<vol>.md5sum}, {@code <prefix>/puppet-generated/<vol>.md5sum};
 *                           staging happens in {@code <prefix>/.hearth-staging/} (same file system)
 * @param puppetEtcDir       the host's puppet configuration with {@code hiera.yaml} and {@code hieradata/},
 *                           mounted read-only at {@code /tmp/puppet-etc} and copied to {@code /etc/puppet}
 * @param modulesDir         puppet modules, mounted read-only at {@code /usr/share/openstack-puppet/modules}
 *                           (not mounted when missing)
 * @param workDir            where the in-container script and each run's manifest are written
 * @param parallelism        how many puppet containers run at once (at least 1)
 * @param puppetTimeout      limit for one puppet container; it is killed and kept after that
 * @param dockerCallTimeout  limit for every single Docker API call
 * @param netHost            default for {@code NET_HOST}: host network and the host's {@code /etc/hosts}
 *                           (TripleO always sets it); otherwise the container has no network
 * @param hostname           {@code HOSTNAME} in the container, and the name compared with {@code bootstrap_node}
 * @param extraVolumes       bind mounts added to every puppet container ({@code src:dst[:opts]})
 * @param labels             labels added to every puppet container (besides Hearth's own)
 * @param keepFailedContainers keep a failed puppet container for debugging (reported by name)
 * @param manifestPreamble   text put before every manifest (TripleO used {@code include ::tripleo::packages})
 * @param bootstrapNode      the agent's own say on whether this node is the bootstrap node; null: not configured
 * @param dockerHost         Docker endpoint; null: {@code DOCKER_HOST} or {@code unix:///var/run/docker.sock}
 * @param checksum           how {@code <volume>.md5sum} is computed (TripleO's value by default)
 */
public record ConfigVolumeSettings(
        Path configDataPrefix,
        Path puppetEtcDir,
        Path modulesDir,
        Path workDir,
        int parallelism,
        Duration puppetTimeout,
        Duration dockerCallTimeout,
        boolean netHost,
        String hostname,
        List<String> extraVolumes,
        Map<String, String> labels,
        boolean keepFailedContainers,
        String manifestPreamble,
        Boolean bootstrapNode,
        String dockerHost,
        VolumeChecksum.Algorithm checksum) {

    public static final Path DEFAULT_PREFIX = Path.of("/var/lib/config-data");
    public static final Path DEFAULT_PUPPET_ETC = Path.of("/etc/puppet");
    public static final Path DEFAULT_MODULES = Path.of("/usr/share/openstack-puppet/modules");
    public static final Path DEFAULT_WORK_DIR = Path.of("/var/lib/hearth/config-volumes");
    public static final int DEFAULT_PARALLELISM = 4;
    /** Mounted when they exist on the host, as TripleO does. */
    public static final List<String> DEFAULT_EXTRA_VOLUMES = List.of(
            "/etc/localtime:/etc/localtime:ro",
            "/etc/pki/ca-trust/extracted:/etc/pki/ca-trust/extracted:ro",
            "/etc/pki/tls/certs/ca-bundle.crt:/etc/pki/tls/certs/ca-bundle.crt:ro",
            "/etc/pki/tls/certs/ca-bundle.trust.crt:/etc/pki/tls/certs/ca-bundle.trust.crt:ro",
            "/etc/pki/tls/cert.pem:/etc/pki/tls/cert.pem:ro",
            "/dev/log:/dev/log");

    public ConfigVolumeSettings {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        extraVolumes = List.copyOf(extraVolumes);
        labels = Map.copyOf(labels);
        manifestPreamble = manifestPreamble == null ? "" : manifestPreamble;
        checksum = checksum == null ? VolumeChecksum.Algorithm.TRIPLEO : checksum;
    }

    public static ConfigVolumeSettings defaults() {
        return new ConfigVolumeSettings(
                DEFAULT_PREFIX,
                DEFAULT_PUPPET_ETC,
                DEFAULT_MODULES,
                DEFAULT_WORK_DIR,
                DEFAULT_PARALLELISM,
                Duration.ofMinutes(30),
                Duration.ofSeconds(60),
                true,
                shortHostname(),
                DEFAULT_EXTRA_VOLUMES.stream()
                        .filter(v -> Files.exists(Path.of(v.split(":", -1)[0])))
                        .toList(),
                Map.of(),
                true,
                "",
                null,
                null,
                VolumeChecksum.Algorithm.TRIPLEO);
    }

    /** All paths below {@code root} (tests, benchmarks): {@code root/config-data}, {@code root/puppet}, ... */
    public ConfigVolumeSettings under(Path root) {
        return new ConfigVolumeSettings(
                root.resolve("config-data"),
                root.resolve("puppet"),
                root.resolve("modules"),
                root.resolve("work"),
                parallelism,
                puppetTimeout,
                dockerCallTimeout,
                netHost,
                hostname,
                extraVolumes,
                labels,
                keepFailedContainers,
                manifestPreamble,
                bootstrapNode,
                dockerHost,
                checksum);
    }

    public ConfigVolumeSettings withParallelism(int n) {
        return new ConfigVolumeSettings(
                configDataPrefix,
                puppetEtcDir,
                modulesDir,
                workDir,
                n,
                puppetTimeout,
                dockerCallTimeout,
                netHost,
                hostname,
                extraVolumes,
                labels,
                keepFailedContainers,
                manifestPreamble,
                bootstrapNode,
                dockerHost,
                checksum);
    }

    public ConfigVolumeSettings withLabels(Map<String, String> newLabels) {
        return new ConfigVolumeSettings(
                configDataPrefix,
                puppetEtcDir,
                modulesDir,
                workDir,
                parallelism,
                puppetTimeout,
                dockerCallTimeout,
                netHost,
                hostname,
                extraVolumes,
                newLabels,
                keepFailedContainers,
                manifestPreamble,
                bootstrapNode,
                dockerHost,
                checksum);
    }

    public ConfigVolumeSettings withBootstrapNode(Boolean bootstrap) {
        return new ConfigVolumeSettings(
                configDataPrefix,
                puppetEtcDir,
                modulesDir,
                workDir,
                parallelism,
                puppetTimeout,
                dockerCallTimeout,
                netHost,
                hostname,
                extraVolumes,
                labels,
                keepFailedContainers,
                manifestPreamble,
                bootstrap,
                dockerHost,
                checksum);
    }

    public ConfigVolumeSettings withHostname(String name) {
        return new ConfigVolumeSettings(
                configDataPrefix,
                puppetEtcDir,
                modulesDir,
                workDir,
                parallelism,
                puppetTimeout,
                dockerCallTimeout,
                netHost,
                name,
                extraVolumes,
                labels,
                keepFailedContainers,
                manifestPreamble,
                bootstrapNode,
                dockerHost,
                checksum);
    }

    public ConfigVolumeSettings withPuppetTimeout(Duration timeout) {
        return new ConfigVolumeSettings(
                configDataPrefix,
                puppetEtcDir,
                modulesDir,
                workDir,
                parallelism,
                timeout,
                dockerCallTimeout,
                netHost,
                hostname,
                extraVolumes,
                labels,
                keepFailedContainers,
                manifestPreamble,
                bootstrapNode,
                dockerHost,
                checksum);
    }

    /** The same settings with another puppet configuration directory (a check's copy with the new hiera). */
    public ConfigVolumeSettings withPuppetEtcDir(Path dir) {
        return new ConfigVolumeSettings(
                configDataPrefix,
                dir,
                modulesDir,
                workDir,
                parallelism,
                puppetTimeout,
                dockerCallTimeout,
                netHost,
                hostname,
                extraVolumes,
                labels,
                keepFailedContainers,
                manifestPreamble,
                bootstrapNode,
                dockerHost,
                checksum);
    }

    public Path puppetGeneratedDir() {
        return configDataPrefix.resolve("puppet-generated");
    }

    public Path stagingDir() {
        return configDataPrefix.resolve(".hearth-staging");
    }

    /** The kernel's host name up to the first dot ({@code hostname -s}). */
    public static String shortHostname() {
        String name;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public ConfigVolumeSettings withChecksum(VolumeChecksum.Algorithm algorithm) {
        return new ConfigVolumeSettings(
                configDataPrefix,
                puppetEtcDir,
                modulesDir,
                workDir,
                parallelism,
                puppetTimeout,
                dockerCallTimeout,
                netHost,
                hostname,
                extraVolumes,
                labels,
                keepFailedContainers,
                manifestPreamble,
                bootstrapNode,
                dockerHost,
                algorithm);
    }
}
