package dev.hearth.docker;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where and when the docker-cmd hook writes a systemd unit per long-running container, and where
 * podman keeps container output (docs/podman.md#systemd-units-healthchecks-logs).
 *
 * @param mode         {@code auto}: units on podman only (dockerd restarts containers itself);
 *                     {@code always}: whatever the engine says it is; {@code never}
 * @param unitDir      where the unit files go
 * @param podmanLogDir on podman, each container's stdout/stderr go to {@code <dir>/<name>.log}
 *                     (k8s-file driver); null leaves podman's default
 */
public record UnitSettings(Mode mode, Path unitDir, Path podmanLogDir) {
    public static final Path UNIT_DIR = Path.of("/etc/systemd/system");
    public static final Path PODMAN_LOG_DIR = Path.of("/var/log/containers/stdouts");

    public enum Mode {
        AUTO,
        ALWAYS,
        NEVER;

        /** {@code auto}, {@code always} or {@code never}; anything else is refused. */
        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.name().toLowerCase(Locale.ROOT).equals(text)) return m;
            }
            throw new IllegalArgumentException("must be auto, always or never");
        }
    }

    public UnitSettings {
        if (mode == null) mode = Mode.AUTO;
        if (unitDir == null) unitDir = UNIT_DIR;
        if (!unitDir.isAbsolute()) throw new IllegalArgumentException("the unit directory must be absolute");
        if (podmanLogDir != null && !podmanLogDir.isAbsolute()) {
            throw new IllegalArgumentException("the podman log directory must be absolute");
        }
    }

    public static UnitSettings defaults() {
        return new UnitSettings(Mode.AUTO, UNIT_DIR, PODMAN_LOG_DIR);
    }
}
