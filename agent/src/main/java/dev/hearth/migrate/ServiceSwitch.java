package dev.hearth.migrate;

import dev.hearth.fs.AtomicFiles;
import dev.hearth.systemctl.Systemctl;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands the node from os-collect-config to hearth-agent and back: its service and timer (through
 * {@link Systemctl}) and its cron entries (files of {@code /etc/cron.d} that run it, moved aside into
 * the migration's directory and back). A dry run says every step and changes nothing.
 */
public final class ServiceSwitch {
    public static final String OCC_SERVICE = "os-collect-config.service";
    public static final String OCC_TIMER = "os-collect-config.timer";
    public static final String HEARTH_SERVICE = "hearth-agent.service";

    private final Systemctl systemctl;
    private final Path cronDir;
    private final Path savedCronDir;

    /**
     * @param cronDir      where cron entries live ({@code /etc/cron.d})
     * @param savedCronDir where the migration keeps the entries it took out
     */
    public ServiceSwitch(Systemctl systemctl, Path cronDir, Path savedCronDir) {
        this.systemctl = systemctl;
        this.cronDir = cronDir;
        this.savedCronDir = savedCronDir;
    }

    /** The os-collect-config units that exist, each with its unit file state. */
    public record Unit(String name, String state) {}

    /** What the switch found: os-collect-config's units, its cron entries, hearth-agent's unit file state. */
    public record Found(List<Unit> occUnits, List<Path> cronFiles, String hearthState) {
        /** The os-collect-config units that were enabled (what going back enables again). */
        public List<String> enabledOcc() {
            return occUnits.stream()
                    .filter(u -> u.state().equals("enabled"))
                    .map(Unit::name)
                    .toList();
        }
    }

    public Found find() throws IOException {
        List<Unit> units = new ArrayList<>();
        for (String u : List.of(OCC_SERVICE, OCC_TIMER)) {
            String state = systemctl.unitFileState(u);
            if (!state.equals(Systemctl.NOT_FOUND)) units.add(new Unit(u, state));
        }
        return new Found(List.copyOf(units), cronEntries(), systemctl.unitFileState(HEARTH_SERVICE));
    }

    /**
     * Stops and disables os-collect-config, takes out its cron entries, enables and starts hearth-agent.
     * Each step is told to {@code out}, as done or (dry run) as what would be done.
     */
    public void forward(Found found, boolean dryRun, Consumer<String> out) throws IOException {
        String verb = dryRun ? "would run: " : "ran: ";
        List<String> occ = found.occUnits().stream().map(Unit::name).toList();
        if (occ.isEmpty()) {
            out.accept("os-collect-config: no " + OCC_SERVICE + " or " + OCC_TIMER + " unit file; nothing to disable");
        } else {
            out.accept(verb + (dryRun ? systemctl.describe("disable", occ) : systemctl.disable(occ)));
        }
        for (Path cron : found.cronFiles()) {
            Path saved = savedCronDir.resolve(cron.getFileName());
            if (!dryRun) {
                AtomicFiles.ensureDirectory(savedCronDir, AtomicFiles.DIR_0700);
                Files.move(cron, saved, StandardCopyOption.REPLACE_EXISTING);
            }
            out.accept((dryRun ? "would move " : "moved ") + "cron entry " + cron + " to " + saved);
        }
        if (found.hearthState().equals(Systemctl.NOT_FOUND)) {
            out.accept("hearth-agent: " + HEARTH_SERVICE + " is not installed (docs/INSTALL.md); install it, then run: "
                    + systemctl.describe("enable", List.of(HEARTH_SERVICE)));
        } else {
            List<String> h = List.of(HEARTH_SERVICE);
            out.accept(verb + (dryRun ? systemctl.describe("enable", h) : systemctl.enable(h)));
        }
        notLive(out);
    }

    /** Stops and disables hearth-agent (first step of going back: nothing new runs from here on). */
    public void stopHearth(boolean dryRun, Consumer<String> out) {
        List<String> h = List.of(HEARTH_SERVICE);
        if (systemctl.unitFileState(HEARTH_SERVICE).equals(Systemctl.NOT_FOUND)) {
            out.accept("hearth-agent: no " + HEARTH_SERVICE + " unit file; nothing to disable");
            return;
        }
        out.accept((dryRun ? "would run: " : "ran: ")
                + (dryRun ? systemctl.describe("disable", h) : systemctl.disable(h)));
    }

    /**
     * Enables (and starts) again the os-collect-config units that were enabled before the migration
     * ({@code wereEnabled}; when unknown, its service if it exists) and puts its cron entries back.
     */
    public void restoreOcc(List<String> wereEnabled, boolean dryRun, Consumer<String> out) throws IOException {
        List<String> units = new ArrayList<>();
        for (String u : wereEnabled) {
            if (!systemctl.unitFileState(u).equals(Systemctl.NOT_FOUND)) units.add(u);
            else out.accept("os-collect-config: " + u + " was enabled before but has no unit file now; not enabled");
        }
        if (units.isEmpty()) {
            out.accept("os-collect-config: no unit to enable again");
        } else {
            out.accept((dryRun ? "would run: " : "ran: ")
                    + (dryRun ? systemctl.describe("enable", units) : systemctl.enable(units)));
        }
        if (Files.isDirectory(savedCronDir)) {
            try (DirectoryStream<Path> saved = Files.newDirectoryStream(savedCronDir)) {
                for (Path s : saved) {
                    Path back = cronDir.resolve(s.getFileName());
                    if (!dryRun) Files.move(s, back, StandardCopyOption.REPLACE_EXISTING);
                    out.accept((dryRun ? "would move " : "moved ") + "cron entry " + s + " back to " + back);
                }
            }
        }
        notLive(out);
    }

    private void notLive(Consumer<String> out) {
        if (systemctl.live()) return;
        out.accept(
                systemctl.root().equals(Path.of("/"))
                        ? "systemd is not running here: only unit files were changed; no service was stopped or started"
                        : "unit files below " + systemctl.root() + " only; no service was stopped or started");
    }

    /** Files of the cron directory whose entries run os-collect-config. */
    private List<Path> cronEntries() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(cronDir)) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(cronDir)) {
            for (Path f : files) {
                if (!Files.isRegularFile(f)) continue;
                for (String line : Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    String l = line.strip();
                    if (!l.startsWith("#") && l.contains("os-collect-config")) {
                        out.add(f);
                        break;
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }
}
