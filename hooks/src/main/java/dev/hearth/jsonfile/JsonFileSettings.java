package dev.hearth.jsonfile;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the {@code json-file} hook may write.
 *
 * @param allowedRoots   a file must lie strictly below one of these (after resolving the symlinks of
 *                       its existing ancestors). Default: {@link #DEFAULT_ROOTS}
 * @param kollaConfigDir files below it named {@code *.json} must be kolla {@code config.json}
 *                       documents (docs/containers.md#kolla-config-files) and are validated before anything is written
 */
public record JsonFileSettings(List<Path> allowedRoots, Path kollaConfigDir) {

    /**
     * {@code /var/lib/kolla/config_files} (kolla configs), {@code /var/lib/heat-config} (agent data),
     * {@code /var/lib/tripleo-config} (container startup configs), {@code /etc} (service and agent
     * configuration). Anything else (e.g. {@code /root}, {@code /usr}, {@code /var/lib/config-data},
     * which belongs to the config-volume generator) needs an explicit setting.
     */
    public static final List<Path> DEFAULT_ROOTS = List.of(
            Path.of("/var/lib/kolla/config_files"),
            Path.of("/var/lib/heat-config"),
            Path.of("/var/lib/tripleo-config"),
            Path.of("/etc"));
    public static final Path DEFAULT_KOLLA_DIR = Path.of("/var/lib/kolla/config_files");

    public JsonFileSettings {
        allowedRoots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        kollaConfigDir = kollaConfigDir.toAbsolutePath().normalize();
    }

    public static JsonFileSettings defaults() {
        return new JsonFileSettings(DEFAULT_ROOTS, DEFAULT_KOLLA_DIR);
    }
}
