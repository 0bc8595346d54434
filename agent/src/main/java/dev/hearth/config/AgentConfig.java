package dev.hearth.config;

import dev.hearth.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The whole of agent.yaml. Every key has a default (documented in config/agent.yaml); unknown keys
 * and wrong types are refused with the key's path. Paths and their defaults live here and nowhere else.
 */
public record AgentConfig(
        Path stateDir,
        List<Path> hooksDirs,
        Path heatConfigDeployedDir,
        List<String> collectors,
        CollectorSettings.HeatLocal heatLocal,
        CollectorSettings.Local local,
        CollectorSettings.Request request,
        CollectorSettings.Heat heat,
        CollectorSettings.Cfn cfn,
        CollectorSettings.Zaqar zaqar,
        Polling polling,
        Hooks hooks,
        Signals signals,
        Http http,
        Docker docker,
        ConfigVolumes configVolumes,
        Node node,
        Log log,
        Limits limits,
        JsonFile jsonFile,
        Firewall firewall) {

    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/hearth/agent.yaml");
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/hearth");
    /** heat-agents' hook directories, searched after the configured ones (docs/heat-protocol.md#hook-contract). */
    public static final List<Path> HEAT_HOOK_DIRS =
            List.of(Path.of("/var/lib/heat-config/hooks"), Path.of("/usr/libexec/heat-config/hooks"));

    public static final Path HEAT_CONFIG_DEPLOYED = Path.of("/var/lib/heat-config/deployed");
    public static final Set<String> KNOWN_COLLECTORS = Set.of("heat_local", "local", "request", "heat", "cfn", "zaqar");

    public AgentConfig {
        if (stateDir == null) stateDir = DEFAULT_STATE_DIR;
        if (hooksDirs == null) hooksDirs = List.of();
        if (heatConfigDeployedDir == null) heatConfigDeployedDir = HEAT_CONFIG_DEPLOYED;
        if (collectors == null) collectors = List.of();
        if (heatLocal == null) heatLocal = new CollectorSettings.HeatLocal(null);
        if (local == null) local = new CollectorSettings.Local(null);
        if (request == null) request = new CollectorSettings.Request(null, null);
        if (heat == null) heat = new CollectorSettings.Heat(null, null, null, null, null, null, null, null);
        if (cfn == null) cfn = new CollectorSettings.Cfn(null, null, null, null, null, null, null);
        if (zaqar == null) zaqar = new CollectorSettings.Zaqar(null, null, null, null, null, null, null);
        if (polling == null) polling = new Polling(null, null, null);
        if (hooks == null) hooks = new Hooks(null, null, null);
        if (signals == null) signals = new Signals(null, null, null, null, null);
        if (http == null) http = new Http(null, null, null, null, null, null, null, null, null, null);
        if (docker == null) docker = new Docker(null, null, null, null, null, null, null, null, null);
        if (configVolumes == null)
            configVolumes = new ConfigVolumes(null, null, null, null, null, null, null, null, null, null);
        if (node == null) node = new Node(null, null);
        if (log == null) log = new Log(null, null);
        if (limits == null) limits = new Limits(null, null);
        if (jsonFile == null) jsonFile = new JsonFile(null);
        if (firewall == null) firewall = new Firewall(null);
    }

    public static AgentConfig defaults() {
        return new AgentConfig(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** Configured hook directories first, then heat-agents' ones. */
    public List<Path> hookSearchPath() {
        List<Path> all = new ArrayList<>(hooksDirs);
        for (Path p : HEAT_HOOK_DIRS) if (!all.contains(p)) all.add(p);
        return all;
    }

    /** Every section but {@code limits}, {@code json_file} and {@code firewall}, which take their defaults. */
    public AgentConfig(
            Path stateDir,
            List<Path> hooksDirs,
            Path heatConfigDeployedDir,
            List<String> collectors,
            CollectorSettings.HeatLocal heatLocal,
            CollectorSettings.Local local,
            CollectorSettings.Request request,
            CollectorSettings.Heat heat,
            CollectorSettings.Cfn cfn,
            CollectorSettings.Zaqar zaqar,
            Polling polling,
            Hooks hooks,
            Signals signals,
            Http http,
            Docker docker,
            ConfigVolumes configVolumes,
            Node node,
            Log log) {
        this(
                stateDir,
                hooksDirs,
                heatConfigDeployedDir,
                collectors,
                heatLocal,
                local,
                request,
                heat,
                cfn,
                zaqar,
                polling,
                hooks,
                signals,
                http,
                docker,
                configVolumes,
                node,
                log,
                null,
                null,
                null);
    }

    public AgentConfig withStateDir(Path dir) {
        return new AgentConfig(
                dir,
                hooksDirs,
                heatConfigDeployedDir,
                collectors,
                heatLocal,
                local,
                request,
                heat,
                cfn,
                zaqar,
                polling,
                hooks,
                signals,
                http,
                docker,
                configVolumes,
                node,
                log,
                limits,
                jsonFile,
                firewall);
    }

    /** os-collect-config's loop: first sleep {@code min_interval}, doubling up to {@code max_interval}; random {@code splay} at start. */
    public record Polling(Duration minInterval, Duration maxInterval, Duration splay) {
        public Polling {
            if (minInterval == null) minInterval = Duration.ofSeconds(1);
            if (maxInterval == null) maxInterval = Duration.ofSeconds(30);
            if (splay == null) splay = Duration.ZERO;
        }
    }

    /**
     * How hooks run.
     *
     * @param timeout          a hook running longer is killed and its deployment fails
     * @param rerunInterrupted groups whose deployments are run again after an agent crash or reboot
     *                         interrupted them; every other group is signalled failed with the reason
     * @param killGrace        after the timeout, how long the hook's processes have between SIGTERM and SIGKILL
     */
    public record Hooks(Duration timeout, List<String> rerunInterrupted, Duration killGrace) {
        public Hooks {
            if (timeout == null) timeout = Duration.ofHours(1);
            if (rerunInterrupted == null) rerunInterrupted = List.of();
            if (killGrace == null) killGrace = ProcessRunner.DEFAULT_KILL_GRACE;
        }
    }

    /**
     * How signals are delivered to Heat.
     *
     * @param deadline       a signal not delivered within this time after the deployment finished is given up
     * @param initialBackoff first retry delay; doubles with jitter up to {@code maxBackoff}
     * @param timeout        one HTTP request's time limit
     * @param cfnUrlTtl      the cloud's keystone {@code [credential] auth_ttl}: a CFN signal URL signed
     *                       longer ago than this and refused with 403 is "expired", not retried
     */
    public record Signals(
            Duration deadline, Duration initialBackoff, Duration maxBackoff, Duration timeout, Duration cfnUrlTtl) {
        public Signals {
            if (deadline == null) deadline = Duration.ofHours(24);
            if (initialBackoff == null) initialBackoff = Duration.ofSeconds(1);
            if (maxBackoff == null) maxBackoff = Duration.ofMinutes(5);
            if (timeout == null) timeout = Duration.ofSeconds(30);
            if (cfnUrlTtl == null) cfnUrlTtl = Duration.ofMinutes(15);
        }

        public Signals(Duration deadline, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
            this(deadline, initialBackoff, maxBackoff, timeout, null);
        }
    }

    /**
     * The agent's HTTP API.
     *
     * @param listen       {@code host:port}; an empty string disables the server
     * @param tokenFile    file (mode 0600) holding the bearer token every endpoint but /healthz requires
     * @param maxBodySize  bytes; a larger push gets 413
     * @param clientCert   PEM certificate {@code hearth push} / {@code hearth status} present when the
     *                     agent verifies client certificates ({@code tls_client_ca})
     * @param clientKey    its PKCS#8 PEM key
     * @param socket       a Unix socket the API is served on as well (null: none); who may open it
     *                     (root, and the {@code hearth} group when there is one) may use the whole API
     */
    public record Http(
            String listen,
            Path tokenFile,
            Long maxBodySize,
            Path tlsCert,
            Path tlsKey,
            Path tlsClientCa,
            String url,
            Path clientCert,
            Path clientKey,
            Path socket) {
        public Http {
            if (listen == null) listen = "127.0.0.1:8765";
            if (maxBodySize == null) maxBodySize = 16L * 1024 * 1024;
        }

        public Http(
                String listen,
                Path tokenFile,
                Long maxBodySize,
                Path tlsCert,
                Path tlsKey,
                Path tlsClientCa,
                String url) {
            this(listen, tokenFile, maxBodySize, tlsCert, tlsKey, tlsClientCa, url, null, null, null);
        }
    }

    /**
     * The Docker Engine that containers are run with.
     *
     * @param host         Engine API address; default {@code DOCKER_HOST} or the unix socket
     * @param parallelism  containers of one start_order group created at once
     * @param waitHealthy  a start_order group waits for its healthchecks before the next starts
     * @param repairDrift  put back managed containers stopped, removed or changed outside Hearth
     */
    public record Docker(
            String host,
            Integer parallelism,
            Boolean waitHealthy,
            Duration healthyTimeout,
            Boolean repairDrift,
            Duration apiTimeout,
            String systemdUnits,
            Path systemdUnitDir,
            String podmanLogDir) {
        public Docker {
            // Resolved once, here: every user of the Engine gets this address.
            if (host == null)
                host = dev.hearth.docker.DockerEndpoint.resolve(null, System.getenv())
                        .uri();
            if (parallelism == null) parallelism = 8;
            if (waitHealthy == null) waitHealthy = false;
            if (healthyTimeout == null) healthyTimeout = Duration.ofMinutes(5);
            if (repairDrift == null) repairDrift = false;
            if (apiTimeout == null) apiTimeout = Duration.ofSeconds(60);
            if (systemdUnits == null) systemdUnits = "auto";
            if (systemdUnitDir == null) systemdUnitDir = dev.hearth.docker.UnitSettings.UNIT_DIR;
            if (podmanLogDir == null) podmanLogDir = dev.hearth.docker.UnitSettings.PODMAN_LOG_DIR.toString();
        }

        /** Container units and podman logs; {@code podman_log_dir: ""} keeps podman's default log driver. */
        public dev.hearth.docker.UnitSettings units() {
            return new dev.hearth.docker.UnitSettings(
                    dev.hearth.docker.UnitSettings.Mode.parse(systemdUnits),
                    systemdUnitDir,
                    podmanLogDir.isEmpty() ? null : Path.of(podmanLogDir));
        }
    }

    /**
     * Where config volumes and the role's hiera are generated.
     *
     * @param hieraDir  hiera data: the role's {@code service_configs.json} and the host puppet steps'
     *                  {@code heat_config_<name>.json}; config volumes see it only as {@code <puppet_dir>/hieradata}
     * @param puppetDir host puppet configuration ({@code hiera.yaml}), mounted into every config-volume run
     * @param kollaDir  kolla config files (json-file writes there and validates them)
     * @param checksum  {@code tripleo} (TripleO's value, the default) or {@code sorted}
     * @param configHash how {@code TRIPLEO_CONFIG_HASH} is made from the mounts: {@code tripleo} (docker-puppet.py's
     *                   value, the default) or {@code volume-root}
     * @param containerConfigScriptsDir where a role's {@code container_config_scripts} are written
     * @param dockerConfigScriptsDir    where a role's docker-era {@code docker_config_scripts} are written
     */
    public record ConfigVolumes(
            Path prefix,
            Path hieraDir,
            Path puppetDir,
            Path modulesDir,
            Integer parallelism,
            Path kollaDir,
            String checksum,
            String configHash,
            Path containerConfigScriptsDir,
            Path dockerConfigScriptsDir) {
        public ConfigVolumes {
            if (prefix == null) prefix = Path.of("/var/lib/config-data");
            if (hieraDir == null) hieraDir = Path.of("/etc/puppet/hieradata");
            if (puppetDir == null) puppetDir = Path.of("/etc/puppet");
            if (modulesDir == null) modulesDir = Path.of("/usr/share/openstack-puppet/modules");
            if (parallelism == null) parallelism = 4;
            if (kollaDir == null) kollaDir = Path.of("/var/lib/kolla/config_files");
            if (checksum == null) checksum = "tripleo";
            if (configHash == null) configHash = "tripleo";
            if (containerConfigScriptsDir == null)
                containerConfigScriptsDir = Path.of("/var/lib/container-config-scripts");
            if (dockerConfigScriptsDir == null) dockerConfigScriptsDir = Path.of("/var/lib/docker-config-scripts");
        }
    }

    /**
     * This node's place in its role.
     *
     * @param bootstrap this node runs the role's bootstrap tasks (docker_puppet_tasks)
     */
    public record Node(String name, Boolean bootstrap) {
        public Node {
            if (bootstrap == null) bootstrap = false;
        }
    }

    /**
     * What one metadata document (a push, a poll, {@code hearth apply}) may hold. Its memory grows with
     * its JSON tokens, not its bytes; the launcher's heap is sized so that a document at these limits
     * is processed. A document over a limit is refused with the limit's key.
     *
     * @param maxDeployments deployments in one document
     * @param maxJsonTokens  JSON tokens (brackets, keys, values) in one document
     */
    public record Limits(Integer maxDeployments, Long maxJsonTokens) {
        public static final int DEFAULT_MAX_DEPLOYMENTS = 100_000;
        public static final long DEFAULT_MAX_JSON_TOKENS = 2_500_000;

        public Limits {
            if (maxDeployments == null) maxDeployments = DEFAULT_MAX_DEPLOYMENTS;
            if (maxJsonTokens == null) maxJsonTokens = DEFAULT_MAX_JSON_TOKENS;
        }

        public static Limits defaults() {
            return new Limits(null, null);
        }
    }

    /**
     * The agent's log.
     *
     * @param format {@code plain} lines or {@code json} lines on stdout
     */
    public record Log(String format, String level) {
        public Log {
            if (format == null) format = "plain";
            if (level == null) level = "INFO";
        }
    }

    /**
     * Where the json-file hook may write.
     *
     * @param roots where the json-file hook may write (besides {@code config_volumes.kolla_dir} and
     *              {@code hiera_dir}, always allowed); null means TripleO's and heat-agents' places
     *              ({@code JsonFileSettings.DEFAULT_ROOTS}). Hearth's own files are refused whatever this says.
     */
    public record JsonFile(List<Path> roots) {}

    /**
     * What {@code hearth deploy} does with a role's {@code firewall_rules}.
     *
     * @param apply insert them with iptables / ip6tables in the network namespace Hearth runs in
     *              (default true: a node that TripleO deployed had them applied); false lists them as not
     *              applied, for a machine whose firewall Hearth must leave alone (the demo)
     */
    public record Firewall(Boolean apply) {
        public Firewall {
            if (apply == null) apply = true;
        }
    }
}
