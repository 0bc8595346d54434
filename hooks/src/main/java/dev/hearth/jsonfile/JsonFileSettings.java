package dev.hearth.jsonfile;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the {@code json-file} hook may write.
 *
 * @param allowedRoots   a file must lie strictly below one of these. Default: {@link #DEFAULT_ROOTS}
 * @param kollaConfigDir files below it named {@code *.json} must be kolla {@code config.json}
 *                       documents (docs/containers.md#kolla-config-files) and are validated before anything is written
 * @param forbidden      never written, nor anything below them, whatever the roots say: Hearth's own
 *                       configuration, token, state and hook directories
 */
public record JsonFileSettings(List<Path> allowedRoots, Path kollaConfigDir, List<Path> forbidden) {

    /**
     * Where TripleO and heat-agents have json-file write configuration: the kolla config files, the
     * hiera data, TripleO's container startup configs, heat-config's data and the config volumes.
     * Not {@code /etc} as a whole (cron, sudoers, passwd and Hearth's own files live there).
     */
    public static final List<Path> DEFAULT_ROOTS = List.of(
            Path.of("/var/lib/kolla/config_files"),
            Path.of("/etc/puppet/hieradata"),
            Path.of("/var/lib/tripleo-config"),
            Path.of("/var/lib/heat-config"),
            Path.of("/var/lib/config-data"));

    public static final Path DEFAULT_KOLLA_DIR = Path.of("/var/lib/kolla/config_files");
    /** Hearth's configuration directory: refused even when a configured root contains it. */
    public static final Path HEARTH_CONFIG_DIR = Path.of("/etc/hearth");

    public JsonFileSettings {
        allowedRoots = allowedRoots.stream()
                .map(p -> p.toAbsolutePath().normalize())
                .distinct()
                .toList();
        kollaConfigDir = kollaConfigDir.toAbsolutePath().normalize();
        forbidden = forbidden.stream()
                .map(p -> p.toAbsolutePath().normalize())
                .distinct()
                .toList();
    }

    public JsonFileSettings(List<Path> allowedRoots, Path kollaConfigDir) {
        this(allowedRoots, kollaConfigDir, List.of(HEARTH_CONFIG_DIR));
    }

    public static JsonFileSettings defaults() {
        return new JsonFileSettings(DEFAULT_ROOTS, DEFAULT_KOLLA_DIR);
    }
}
