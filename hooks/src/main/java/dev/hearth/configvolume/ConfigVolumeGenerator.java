package dev.hearth.configvolume;

import dev.hearth.fs.AtomicFiles;
import dev.hearth.fs.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Generates config volumes (docs/config-volumes.md#the-puppet-container): for each volume, puppet runs once in a
 * container of the volume's image, created through docker-java, with the host's puppet
 * configuration (hiera) and modules mounted read-only; a script inside ({@link #SCRIPT}) copies
 * {@code /tmp/puppet-etc} to {@code /etc/puppet}, writes hiera {@code docker_puppet.json} =
 * {@code {"step": STEP}}, runs {@code puppet apply --detailed-exitcodes} with the volume's tags, and
 * (unless {@code NO_ARCHIVE}) copies into a staging directory the full mirror of {@code /etc /root
 * /opt /var/www /var/spool/cron /var/lib/nova/.ssh} and the files this run generated (newer than a
 * marker touched before puppet; {@code /etc/puppet} never).
 *
 * <p>Then, on the host, for a successful volume only: the staged trees replace
 * {@code <prefix>/<vol>/} and {@code <prefix>/puppet-generated/<vol>/} in place ({@link TreeSync}:
 * unchanged files untouched, changed files renamed in whole, files absent from this run — e.g.
 * deleted by puppet — removed; an existing password file kept as it was,
 * docs/config-volumes.md#password-files), the checksums are computed ({@link VolumeChecksum}) and
 * {@code <prefix>/<vol>.md5sum} and {@code <prefix>/puppet-generated/<vol>.md5sum} are rewritten
 * atomically only if they changed. A failed volume changes nothing below the prefix (its staging
 * is discarded), keeps its container for debugging and is reported with puppet's output; other
 * volumes carry on. Up to {@code parallelism} volumes run at once, each on a virtual thread.
 */
public final class ConfigVolumeGenerator {
    /** Where the script and the manifest are mounted in the puppet container. */
    static final String SCRIPT_IN_CONTAINER = "/var/lib/hearth/config-volume.sh";

    static final String MANIFEST_IN_CONTAINER = "/etc/config.pp";
    static final String OUT_IN_CONTAINER = "/var/lib/hearth/out";
    public static final String LABEL_MANAGED_BY = "dev.hearth.managed-by";
    public static final String MANAGED_BY = "hearth-config-volume";
    public static final String LABEL_VOLUME = "dev.hearth.config-volume";

    static final String SCRIPT = """
            #!/bin/bash
            # Written by Hearth: runs puppet for one config volume inside its puppet container.
            set -eu
            mkdir -p /etc/puppet
            if [ -d /tmp/puppet-etc ]; then cp -dR /tmp/puppet-etc/. /etc/puppet/; fi
            rm -rf /etc/puppet/ssl
            mkdir -p /etc/puppet/hieradata
            echo "{\\"step\\": ${STEP:-6}}" > /etc/puppet/hieradata/docker_puppet.json
            origin=/tmp/hearth-origin-of-time
            touch "$origin"
            tags=()
            if [ -n "${PUPPET_TAGS:-}" ]; then tags=(--tags "$PUPPET_TAGS"); fi
            export FACTER_deployment_type=containers
            if [ "${NET_HOST:-}" != "true" ]; then export FACTER_hostname="${HOSTNAME:-}"; fi
            set +e
            puppet apply --summarize --detailed-exitcodes --color=false --logdest console \\
              --modulepath=/etc/puppet/modules:/usr/share/openstack-puppet/modules "${tags[@]}" /etc/config.pp
            rc=$?
            set -e
            if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
              echo "hearth: puppet apply for ${NAME:-?} exited with $rc" >&2
              exit "$rc"
            fi
            if [ -n "${NO_ARCHIVE:-}" ]; then exit 0; fi
            out=/var/lib/hearth/out
            srcs=()
            for d in /etc /root /opt /var/www /var/spool/cron /var/lib/nova/.ssh; do
              if [ -d "$d" ]; then srcs+=("$d"); fi
            done
            excl=()
            for p in /etc/puppet/ /etc/puppetlabs/ /opt/puppetlabs/ /etc/pki/ca-trust/extracted \\
                     /etc/pki/ca-trust/source/anchors /etc/pki/tls/certs/ca-bundle.crt \\
                     /etc/pki/tls/certs/ca-bundle.trust.crt /etc/pki/tls/cert.pem /etc/hosts /etc/localtime \\
                     /etc/hostname /etc/resolv.conf /etc/config.pp; do
              if [ -e "$p" ]; then excl+=("--exclude=$p"); fi
            done
            rsync -a -R "${excl[@]}" "${srcs[@]}" "$out/full/"
            find "${srcs[@]}" -newer "$origin" -not -path '/etc/puppet*' -print0 \\
              | rsync -a -R -0 "${excl[@]}" --files-from=- / "$out/generated/"
            """;

    /** Options of one generation run (docs/config-volumes.md#inputs). */
    public record RunOptions(int step, boolean noArchive, boolean netHost) {
        public static RunOptions configuration(boolean netHost) {
            return new RunOptions(6, false, netHost);
        }
    }

    /**
     * What happened to one volume. {@code checksum}/{@code generatedChecksum} are null when nothing
     * was archived; {@code keptContainer} names the container left for debugging after a failure.
     */
    public record VolumeResult(
            String volume,
            boolean succeeded,
            int exitCode,
            String output,
            String error,
            String keptContainer,
            String checksum,
            String generatedChecksum,
            boolean checksumChanged,
            Duration duration) {}

    public record Report(List<VolumeResult> results, List<String> warnings, Duration elapsed) {
        public Report {
            results = List.copyOf(results);
            warnings = List.copyOf(warnings);
        }

        public boolean succeeded() {
            return results.stream().allMatch(VolumeResult::succeeded);
        }

        public List<VolumeResult> failures() {
            return results.stream().filter(r -> !r.succeeded()).toList();
        }
    }

    private final ConfigVolumeSettings settings;
    private final PuppetContainerRunner docker;

    public ConfigVolumeGenerator(ConfigVolumeSettings settings, PuppetContainerRunner docker) {
        this.settings = settings;
        this.docker = docker;
    }

    public ConfigVolumeSettings settings() {
        return settings;
    }

    PuppetContainerRunner docker() {
        return docker;
    }

    /**
     * The password files of {@link VolumeChecksum#TRIPLEO_PASSWORD_FILES} that a sync from
     * {@code stagedFull} into {@code liveFull} leaves as they are (docs/config-volumes.md#password-files):
     * puppet wrote one and the volume has a copy already. Paths relative to the trees.
     */
    static Set<Path> keptPasswordFiles(Path stagedFull, Path liveFull) {
        Set<Path> kept = new HashSet<>();
        for (String pw : VolumeChecksum.TRIPLEO_PASSWORD_FILES) {
            Path rel = Path.of(pw.substring(1));
            if (Files.isRegularFile(stagedFull.resolve(rel), LinkOption.NOFOLLOW_LINKS)
                    && Files.isRegularFile(liveFull.resolve(rel), LinkOption.NOFOLLOW_LINKS)) kept.add(rel);
        }
        return kept;
    }

    public Report generate(List<ConfigVolume> volumes, RunOptions options, Consumer<String> progress)
            throws InterruptedException {
        long start = System.nanoTime();
        Consumer<String> log = progress == null ? s -> {} : progress;
        List<String> warnings = new ArrayList<>();
        Path script;
        try {
            AtomicFiles.ensureDirectory(settings.workDir(), AtomicFiles.DIR_0700);
            script = settings.workDir().resolve("config-volume.sh");
            // Written once, before any container starts, and only when different: never rewritten
            // under a running container (docker-puppet.py's ETXTBSY, bug 1760787).
            if (!Files.isRegularFile(script) || !Files.readString(script).equals(SCRIPT)) {
                AtomicFiles.write(script, SCRIPT, AtomicFiles.FILE_0755);
            }
            if (!options.noArchive()) {
                Files.createDirectories(settings.puppetGeneratedDir());
                Files.createDirectories(settings.stagingDir());
            }
        } catch (IOException e) {
            List<VolumeResult> failed = volumes.stream()
                    .map(v -> new VolumeResult(
                            v.name(),
                            false,
                            -1,
                            "",
                            "cannot prepare " + settings.workDir() + " / " + settings.configDataPrefix() + ": " + e,
                            null,
                            null,
                            null,
                            false,
                            Duration.ZERO))
                    .toList();
            return new Report(failed, warnings, Duration.ofNanos(System.nanoTime() - start));
        }
        Semaphore slots = new Semaphore(settings.parallelism());
        Map<String, Future<VolumeResult>> futures = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ConfigVolume v : volumes) {
                futures.put(v.name(), pool.submit(() -> {
                    slots.acquire();
                    try {
                        log.accept("config volume " + v.name() + ": running puppet in " + v.image());
                        VolumeResult r = generateOne(v, options, script);
                        log.accept("config volume " + v.name() + ": " + (r.succeeded() ? "done" : "FAILED") + " in "
                                + r.duration().toMillis() + " ms");
                        return r;
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<VolumeResult> results = new ArrayList<>();
            for (Map.Entry<String, Future<VolumeResult>> f : futures.entrySet()) {
                try {
                    results.add(f.getValue().get());
                } catch (ExecutionException e) {
                    results.add(new VolumeResult(
                            f.getKey(),
                            false,
                            -1,
                            "",
                            "unexpected error: " + e.getCause(),
                            null,
                            null,
                            null,
                            false,
                            Duration.ZERO));
                }
            }
            return new Report(results, warnings, Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            futures.values().forEach(f -> f.cancel(true));
            throw e;
        }
    }

    private VolumeResult generateOne(ConfigVolume v, RunOptions options, Path script) throws InterruptedException {
        long start = System.nanoTime();
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path runDir = settings.workDir().resolve(v.name() + "-" + suffix);
        Path staging = settings.stagingDir().resolve(v.name() + "-" + suffix);
        PuppetContainerRunner.Result run = null;
        try {
            Files.createDirectories(runDir);
            Path manifest = runDir.resolve("config.pp");
            String preamble = settings.manifestPreamble();
            AtomicFiles.write(
                    manifest,
                    preamble.isEmpty() || preamble.endsWith("\n")
                            ? preamble + v.manifest()
                            : preamble + "\n" + v.manifest(),
                    AtomicFiles.FILE_0644);
            if (!options.noArchive()) {
                Files.createDirectories(staging.resolve("full"));
                Files.createDirectories(staging.resolve("generated"));
            }
            if (!docker.imagePresent(v.image())) docker.pull(v.image(), settings.puppetTimeout());
            run = docker.run(
                    request(v, options, script, manifest, staging, "hearth-puppet-" + v.name() + "-" + suffix),
                    settings.puppetTimeout());
            boolean ok = !run.timedOut() && (run.exitCode() == 0 || run.exitCode() == 2);
            if (!ok) {
                String why = run.timedOut()
                        ? "puppet container killed after "
                                + settings.puppetTimeout().toSeconds() + " s (timeout)"
                        : "puppet container exited with " + run.exitCode();
                return failed(v, run, why, start);
            }
            String checksum = null;
            String generated = null;
            boolean changed = false;
            if (!options.noArchive()) {
                Path full = settings.configDataPrefix().resolve(v.name());
                Path gen = settings.puppetGeneratedDir().resolve(v.name());
                // puppet's fresh password files count in both checksums, as the container's own
                // copies did in TripleO's script; they are saved before the sync moves the tree
                Map<String, Path> passwords = new LinkedHashMap<>();
                Set<Path> keptPasswords = keptPasswordFiles(staging.resolve("full"), full);
                for (String pw : VolumeChecksum.TRIPLEO_PASSWORD_FILES) {
                    Path rel = Path.of(pw.substring(1));
                    Path fresh = staging.resolve("full").resolve(rel);
                    Path saved = staging.resolve("password-files").resolve(rel);
                    if (Files.isRegularFile(fresh, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(saved.getParent());
                        Files.copy(fresh, saved, StandardCopyOption.REPLACE_EXISTING);
                    }
                    passwords.put(pw, saved);
                }
                // The service changes its password in the database with the old one and rewrites
                // its copy itself; a new copy now would lock it out.
                TreeSync.apply(staging.resolve("full"), full, keptPasswords);
                TreeSync.apply(staging.resolve("generated"), gen, keptPasswords);
                checksum = VolumeChecksum.of(full, settings.checksum(), passwords);
                generated = VolumeChecksum.of(gen, settings.checksum(), passwords);
                changed |= VolumeChecksum.writeIfChanged(
                        settings.configDataPrefix().resolve(v.name() + ".md5sum"), checksum);
                changed |= VolumeChecksum.writeIfChanged(
                        settings.puppetGeneratedDir().resolve(v.name() + ".md5sum"), generated);
            }
            docker.remove(run.id());
            return new VolumeResult(
                    v.name(),
                    true,
                    run.exitCode(),
                    run.output(),
                    null,
                    null,
                    checksum,
                    generated,
                    changed,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | RuntimeException e) {
            return failed(v, run, e.getClass().getSimpleName() + ": " + e.getMessage(), start);
        } finally {
            cleanUp(staging);
            cleanUp(runDir);
        }
    }

    private VolumeResult failed(ConfigVolume v, PuppetContainerRunner.Result run, String why, long start) {
        String kept = null;
        if (run != null) {
            if (settings.keepFailedContainers()) {
                kept = run.name();
            } else {
                try {
                    docker.remove(run.id());
                } catch (RuntimeException ignored) {
                    // reported below anyway
                }
            }
        }
        return new VolumeResult(
                v.name(),
                false,
                run == null ? -1 : run.exitCode(),
                run == null ? "" : run.output(),
                why,
                kept,
                null,
                null,
                false,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** The container for one volume; pure, package-visible for tests. */
    PuppetContainerRunner.Request request(
            ConfigVolume v, RunOptions options, Path script, Path manifest, Path staging, String name) {
        List<String> env = List.of(
                "PUPPET_TAGS=" + v.tags(),
                "NAME=" + v.name(),
                "HOSTNAME=" + settings.hostname(),
                "NO_ARCHIVE=" + (options.noArchive() ? "true" : ""),
                "STEP=" + options.step(),
                "NET_HOST=" + options.netHost());
        List<String> binds = new ArrayList<>();
        binds.add(script + ":" + SCRIPT_IN_CONTAINER + ":ro");
        binds.add(manifest + ":" + MANIFEST_IN_CONTAINER + ":ro");
        if (Files.isDirectory(settings.puppetEtcDir())) binds.add(settings.puppetEtcDir() + ":/tmp/puppet-etc:ro");
        if (Files.isDirectory(settings.modulesDir())) {
            binds.add(settings.modulesDir() + ":/usr/share/openstack-puppet/modules:ro");
        }
        if (!options.noArchive()) binds.add(staging + ":" + OUT_IN_CONTAINER + ":rw");
        if (options.netHost()) binds.add("/etc/hosts:/etc/hosts:ro");
        binds.addAll(settings.extraVolumes());
        binds.addAll(v.volumes());
        Map<String, String> labels = new LinkedHashMap<>(settings.labels());
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        labels.put(LABEL_VOLUME, v.name());
        return new PuppetContainerRunner.Request(
                name,
                v.image(),
                List.of("/bin/bash", SCRIPT_IN_CONTAINER),
                env,
                binds,
                options.netHost() ? "host" : "none",
                options.netHost() ? null : settings.hostname(),
                v.privileged(),
                labels);
    }

    private static void cleanUp(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException ignored) {
            // leftovers in a scratch directory do no harm
        }
    }
}
