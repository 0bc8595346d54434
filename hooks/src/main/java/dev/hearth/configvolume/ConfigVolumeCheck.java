package dev.hearth.configvolume;

import dev.hearth.fs.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What generating config volumes would change, without changing it (docs/config-volumes.md#check),
 * as TripleO's check mode showed it: puppet runs in each volume's image as for a real generation,
 * but its trees go to a scratch directory that is compared with the volume's trees and deleted;
 * the puppet container is removed whatever happened. Nothing below the config-data prefix is
 * written, no image is pulled (a missing image is reported), no checksum file changes.
 */
public final class ConfigVolumeCheck {
    /**
     * One volume's verdict. {@code changes} are lines {@code + /path} (new file), {@code ~ /path}
     * (content, mode or owner differ), {@code - /path} (would be deleted), over the full tree;
     * {@code checksum} is the full tree's checksum the generation would compute (directory order
     * of the scratch tree, so only meaningful when {@code changes} is not empty); {@code error} is
     * set when the volume could not be checked.
     */
    public record VolumeCheck(String volume, List<String> changes, String checksum, String error) {
        public VolumeCheck {
            changes = List.copyOf(changes);
        }

        public boolean changed() {
            return error == null && !changes.isEmpty();
        }
    }

    private final ConfigVolumeGenerator generator;

    public ConfigVolumeCheck(ConfigVolumeGenerator generator) {
        this.generator = generator;
    }

    /**
     * Checks each volume with the puppet configuration in {@code puppetEtc} (a copy of the node's
     * with the hiera the deployment would write), using {@code scratch} (created, then emptied).
     */
    public List<VolumeCheck> check(List<ConfigVolume> volumes, int step, Path puppetEtc, Path scratch)
            throws InterruptedException, IOException {
        ConfigVolumeSettings live = generator.settings();
        ConfigVolumeGenerator withEtc = new ConfigVolumeGenerator(live.withPuppetEtcDir(puppetEtc), generator.docker());
        Files.createDirectories(scratch);
        Path script = Files.writeString(scratch.resolve("config-volume.sh"), ConfigVolumeGenerator.SCRIPT);
        List<VolumeCheck> out = new ArrayList<>();
        try {
            for (ConfigVolume v : volumes) out.add(checkOne(withEtc, v, step, script, scratch));
        } finally {
            FileTrees.delete(scratch);
        }
        return out;
    }

    private VolumeCheck checkOne(ConfigVolumeGenerator withEtc, ConfigVolume v, int step, Path script, Path scratch)
            throws InterruptedException, IOException {
        ConfigVolumeSettings settings = withEtc.settings();
        PuppetContainerRunner docker = withEtc.docker();
        if (!docker.imagePresent(v.image())) {
            return new VolumeCheck(
                    v.name(), List.of(), null, "image " + v.image() + " is not on this node (a deploy would pull it)");
        }
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path runDir = Files.createDirectories(scratch.resolve("work-" + v.name() + "-" + suffix));
        Path staging = scratch.resolve("staging-" + v.name() + "-" + suffix);
        Files.createDirectories(staging.resolve("full"));
        Files.createDirectories(staging.resolve("generated"));
        String preamble = settings.manifestPreamble();
        Path manifest = Files.writeString(
                runDir.resolve("config.pp"),
                preamble.isEmpty() || preamble.endsWith("\n")
                        ? preamble + v.manifest()
                        : preamble + "\n" + v.manifest());
        PuppetContainerRunner.Result run = null;
        try {
            run = docker.run(
                    withEtc.request(
                            v,
                            new ConfigVolumeGenerator.RunOptions(step, false, settings.netHost()),
                            script,
                            manifest,
                            staging,
                            "hearth-check-" + v.name() + "-" + suffix),
                    settings.puppetTimeout());
            if (run.timedOut() || (run.exitCode() != 0 && run.exitCode() != 2)) {
                String why = run.timedOut() ? "puppet timed out" : "puppet exited with " + run.exitCode();
                return new VolumeCheck(v.name(), List.of(), null, why + ": " + lastLines(run.output()));
            }
            Path full = settings.configDataPrefix().resolve(v.name());
            Set<Path> kept = ConfigVolumeGenerator.keptPasswordFiles(staging.resolve("full"), full);
            List<String> changes = TreeDiff.changes(staging.resolve("full"), full, kept);
            Map<String, Path> passwords = new LinkedHashMap<>();
            for (String pw : VolumeChecksum.TRIPLEO_PASSWORD_FILES)
                passwords.put(pw, staging.resolve("full").resolve(pw.substring(1)));
            String checksum = changes.isEmpty()
                    ? null
                    : VolumeChecksum.of(staging.resolve("full"), settings.checksum(), passwords);
            return new VolumeCheck(v.name(), changes, checksum, null);
        } finally {
            if (run != null) docker.remove(run.id());
        }
    }

    private static String lastLines(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    /** The differences between a staged tree and a live one, as check lines. */
    static final class TreeDiff {
        private TreeDiff() {}

        static List<String> changes(Path staged, Path live, Set<Path> kept) throws IOException {
            List<String> out = new ArrayList<>();
            List<Path> stagedFiles = files(staged);
            for (Path rel : stagedFiles) {
                if (kept.contains(rel)) continue;
                Path target = live.resolve(rel);
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    out.add("+ /" + rel);
                } else if (!sameLink(staged.resolve(rel), target) && !TreeSync.same(staged.resolve(rel), target)) {
                    out.add("~ /" + rel);
                }
            }
            Set<Path> wanted = new java.util.HashSet<>(stagedFiles);
            if (Files.isDirectory(live, LinkOption.NOFOLLOW_LINKS)) {
                for (Path rel : files(live)) {
                    if (!wanted.contains(rel) && !kept.contains(rel)) out.add("- /" + rel);
                }
            }
            out.sort((a, b) -> a.substring(2).compareTo(b.substring(2)));
            return out;
        }

        private static boolean sameLink(Path a, Path b) throws IOException {
            return Files.isSymbolicLink(a)
                    && Files.isSymbolicLink(b)
                    && Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b));
        }

        /** Files and symbolic links (not directories), relative, sorted. */
        private static List<Path> files(Path root) throws IOException {
            try (var walk = Files.walk(root)) {
                return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .map(root::relativize)
                        .sorted()
                        .toList();
            }
        }
    }
}
