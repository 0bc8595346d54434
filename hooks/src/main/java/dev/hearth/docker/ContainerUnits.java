package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.systemctl.Systemctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the systemd units of managed containers in step with the containers: written, enabled and
 * started after a container is created, stopped, disabled and removed before it is (also when it is
 * replaced or renamed), and left alone when a container is kept, so units that came with an adopted
 * container stay as they are. Where systemd is not running the units are written and verified, and
 * enabling them is skipped with one warning. Also says where podman writes a container's output.
 * Each method returns a problem to report, or null.
 */
final class ContainerUnits {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerUnits.class);

    private final ContainerEngine engine;
    private final UnitSettings settings;
    private final UnitFiles files;
    private final Systemctl systemd;
    private final AtomicBoolean warned = new AtomicBoolean();
    // serialises unit writes and systemctl calls: concurrent daemon-reloads would race the writes
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Boolean podman;

    ContainerUnits(ContainerEngine engine, UnitSettings settings, Systemctl systemd) {
        this.engine = engine;
        this.settings = settings;
        this.files = new UnitFiles(settings.unitDir());
        this.systemd = systemd;
    }

    /** Whether the engine is podman; asked once per hook (an unreachable engine is asked again). */
    boolean podman() {
        Boolean p = podman;
        if (p == null) {
            podman = p = engine.info().podman();
        }
        return p;
    }

    boolean active() {
        return switch (settings.mode()) {
            case NEVER -> false;
            case ALWAYS -> true;
            case AUTO -> podman();
        };
    }

    /** podman's k8s-file log of a container to be created, or null for the engine's default driver. */
    Path logFile(String container) throws IOException {
        if (settings.podmanLogDir() == null || !podman()) return null;
        Files.createDirectories(settings.podmanLogDir());
        return settings.podmanLogDir().resolve(container + ".log");
    }

    /** A container was created and started: its units are written (replacing any), enabled and started. */
    String started(ContainerSpec spec, String name, String id) {
        if (!active()) return null;
        return install(spec.config(), name, id, true);
    }

    /**
     * A container is kept (or started again): units are written only when it has none, so existing
     * ones (an adopted container's) are never rewritten.
     */
    String kept(ContainerSpec spec, String name, String id) {
        if (!active() || files.hasService(name)) return null;
        return install(spec.config(), name, id, false);
    }

    /** A container is about to be stopped and removed: its units go first, so systemd does not restart it. */
    String removing(String name) {
        if (!active()) return null;
        lock.lock();
        try {
            List<String> existing = files.existing(name);
            if (existing.isEmpty()) return null;
            if (systemd.live()) {
                systemd.disable(existing.stream()
                        .filter(n -> !n.equals(ContainerUnit.healthServiceName(name)))
                        .toList());
            } else {
                warnNotRunning();
            }
            files.remove(existing);
            if (systemd.live()) systemd.daemonReload();
            return null;
        } catch (RuntimeException e) {
            return "removing the units of " + name + ": " + ContainerActions.message(e);
        } finally {
            lock.unlock();
        }
    }

    /** A container was renamed: the units follow its name. */
    String renamed(EngineContainer before, String newName) {
        if (!active() || !files.hasService(before.name())) return null;
        String problem = removing(before.name());
        if (problem != null) return problem;
        Optional<JsonNode> config = ConfigData.read(before.label(Labels.CONFIG_DATA));
        if (config.isEmpty()) return null;
        return install(config.get(), newName, before.id(), true);
    }

    private String install(JsonNode config, String name, String id, boolean replace) {
        Optional<ContainerUnit> unit;
        try {
            // Whether a unit is due is known from the config alone: the inspect for conmon's pid file is
            // paid only by containers that get one, so a no-op re-apply of unit-less containers costs nothing.
            unit = ContainerUnit.of(name, config, null);
            if (unit.isPresent() && podman()) unit = ContainerUnit.of(name, config, conmonPidFile(id));
        } catch (RuntimeException e) {
            return "the unit of " + name + ": " + ContainerActions.message(e);
        }
        if (unit.isEmpty()) return replace ? removing(name) : null;
        lock.lock();
        try {
            files.write(unit.get());
            if (systemd.live()) {
                systemd.daemonReload();
                systemd.enable(unit.get().startable());
            } else {
                List<Path> paths =
                        unit.get().files().keySet().stream().map(files::path).toList();
                List<String> problems = systemd.verify(paths);
                if (!problems.isEmpty()) {
                    return unit.get().service() + " does not verify: " + String.join("; ", problems);
                }
                warnNotRunning();
            }
            return null;
        } catch (RuntimeException e) {
            return unit.get().service() + ": " + ContainerActions.message(e);
        } finally {
            lock.unlock();
        }
    }

    /** conmon's pid file, next to the container's other run files (what {@code podman generate systemd} uses). */
    private Path conmonPidFile(String id) {
        String hostname = engine.inspect(id).getHostnamePath();
        if (hostname == null || hostname.isBlank()) return null;
        return Path.of(hostname).resolveSibling("conmon.pid");
    }

    private void warnNotRunning() {
        if (warned.compareAndSet(false, true)) {
            LOG.warn(
                    "systemd is not running here: container units are written to {} and verified, "
                            + "not enabled or started (this is said once)",
                    settings.unitDir());
        }
    }
}
