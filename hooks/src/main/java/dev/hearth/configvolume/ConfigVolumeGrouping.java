package dev.hearth.configvolume;

import dev.hearth.hook.InvalidDeploymentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups {@code puppet_config} entries by {@code config_volume} the way docker-puppet.py does
 * (docs/config-volumes.md#grouping): in first-seen order; entries without {@code step_config} or
 * {@code config_image} are dropped; for a shared volume tags are joined with {@code ,}, manifests with
 * a newline, extra volumes appended, privileged if any entry is, and the first image wins (a
 * different later image is a warning). The default tags are prepended to every volume's tags.
 * Entries with an empty {@code config_volume} are skipped with a warning (tripleo-ansible's choice);
 * names with {@code /} or {@code ..} fail the whole deployment.
 */
public final class ConfigVolumeGrouping {
    public static final String DEFAULT_TAGS = "file,file_line,concat,augeas,cron";

    public record Result(List<ConfigVolume> volumes, List<String> warnings) {
        public Result {
            volumes = List.copyOf(volumes);
            warnings = List.copyOf(warnings);
        }
    }

    private ConfigVolumeGrouping() {}

    /**
     * Groups the entries into config volumes.
     *
     * @param only if present, keep only this volume (docker-puppet.py's {@code CONFIG_VOLUME})
     */
    public static Result group(List<PuppetConfigEntry> entries, Optional<String> only) {
        Map<String, Builder> byName = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            PuppetConfigEntry e = entries.get(i);
            String at = "$.config[" + i + "]";
            if (e.configVolume().isEmpty()) {
                warnings.add(at + ": no config_volume, entry skipped");
                continue;
            }
            ConfigVolume.checkName(e.configVolume(), at + ".config_volume");
            if (e.stepConfig().isBlank() || e.configImage().isBlank()) {
                warnings.add(at + " (" + e.configVolume() + "): no step_config or no config_image, entry skipped");
                continue;
            }
            if (only.isPresent() && !only.get().equals(e.configVolume())) continue;
            Builder b = byName.get(e.configVolume());
            if (b == null) {
                byName.put(e.configVolume(), new Builder(e));
                continue;
            }
            if (!e.puppetTags().isEmpty()) b.tags = b.tags.isEmpty() ? e.puppetTags() : b.tags + "," + e.puppetTags();
            b.manifest = b.manifest + "\n" + e.stepConfig();
            if (!b.image.equals(e.configImage())) {
                warnings.add("config volume " + e.configVolume() + ": entries name different images (" + b.image + ", "
                        + e.configImage() + "); the first one is used");
            }
            b.volumes.addAll(e.volumes());
            b.privileged |= e.privileged();
        }
        List<ConfigVolume> volumes = new ArrayList<>();
        byName.forEach((name, b) -> volumes.add(new ConfigVolume(
                name,
                b.tags.isEmpty() ? DEFAULT_TAGS : DEFAULT_TAGS + "," + b.tags,
                b.manifest,
                b.image,
                b.volumes,
                b.privileged)));
        if (only.isPresent() && volumes.isEmpty()) {
            throw new InvalidDeploymentException("$.config", "no entry for config_volume " + only.get());
        }
        return new Result(volumes, warnings);
    }

    private static final class Builder {
        String tags;
        String manifest;
        final String image;
        final List<String> volumes;
        boolean privileged;

        Builder(PuppetConfigEntry e) {
            tags = e.puppetTags();
            manifest = e.stepConfig();
            image = e.configImage();
            volumes = new ArrayList<>(e.volumes());
            privileged = e.privileged();
        }
    }
}
