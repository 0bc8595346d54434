package dev.hearth.configvolume;

import dev.hearth.hook.InvalidDeploymentException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One config volume after grouping (docs/config-volumes.md#grouping): what one puppet container generates into
 * {@code <prefix>/<name>/} and {@code <prefix>/puppet-generated/<name>/}. {@code tags} already
 * starts with the defaults {@link ConfigVolumeGrouping#DEFAULT_TAGS}.
 */
public record ConfigVolume(
        String name, String tags, String manifest, String image, List<String> volumes, boolean privileged) {

    /** Letters, digits, {@code _ . -}, starting with a letter or digit: no {@code /}, no {@code ..}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    public ConfigVolume {
        checkName(name, "$");
        volumes = List.copyOf(volumes);
    }

    /** Refuses names that would escape the config-data prefix or make an odd file name. */
    public static void checkName(String name, String path) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..") || name.length() > 200) {
            throw new InvalidDeploymentException(
                    path,
                    "config_volume '" + name + "' is refused: use letters, digits, '_', '.' and '-' (no '/', no '..')");
        }
    }
}
