package dev.hearth.configvolume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.InvalidDeploymentException;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Yaml;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code puppet_config} (or {@code docker_puppet_tasks}) entry of a service (docs/config-volumes.md#inputs):
 * the volume it configures, extra puppet tags, the manifest, the image puppet runs in, extra bind
 * mounts ({@code src:dst[:opts]}) and whether the puppet container is privileged. Missing strings are "".
 */
public record PuppetConfigEntry(
        String configVolume,
        String puppetTags,
        String stepConfig,
        String configImage,
        List<String> volumes,
        boolean privileged) {

    public PuppetConfigEntry {
        configVolume = configVolume == null ? "" : configVolume;
        puppetTags = puppetTags == null ? "" : puppetTags;
        stepConfig = stepConfig == null ? "" : stepConfig;
        configImage = configImage == null ? "" : configImage;
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /**
     * The entries of a deployment's {@code config}: a list (or a JSON/YAML text holding one). Null
     * items are skipped; an item may be an object or docker-puppet.py's list form
     * {@code [config_volume, puppet_tags, step_config, config_image, volumes]}.
     */
    public static List<PuppetConfigEntry> listFrom(JsonNode config, String path) {
        JsonNode list = config;
        if (list != null && list.isTextual()) {
            try {
                list = Yaml.read(list.textValue());
            } catch (DocumentException e) {
                throw new InvalidDeploymentException(path, "is not a JSON or YAML list: " + e.getMessage());
            }
        }
        if (list == null || list.isNull() || list.isMissingNode()) return List.of();
        if (!list.isArray()) throw new InvalidDeploymentException(path, "must be a list of puppet_config entries");
        List<PuppetConfigEntry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (item == null || item.isNull()) continue;
            entries.add(fromJson(item, path + "[" + i + "]"));
        }
        return entries;
    }

    public static PuppetConfigEntry fromJson(JsonNode item, String path) {
        if (item.isArray()) {
            return new PuppetConfigEntry(
                    text(item.get(0), path + "[0]"),
                    text(item.get(1), path + "[1]"),
                    text(item.get(2), path + "[2]"),
                    image(item.get(3), path + "[3]"),
                    strings(item.get(4), path + "[4]"),
                    false);
        }
        if (!item.isObject()) throw new InvalidDeploymentException(path, "must be an object");
        JsonNode priv = item.get("privileged");
        return new PuppetConfigEntry(
                text(item.get("config_volume"), path + ".config_volume"),
                text(item.get("puppet_tags"), path + ".puppet_tags"),
                text(item.get("step_config"), path + ".step_config"),
                image(item.get("config_image"), path + ".config_image"),
                strings(item.get("volumes"), path + ".volumes"),
                priv != null && (priv.isBoolean() ? priv.booleanValue() : "true".equalsIgnoreCase(priv.asText())));
    }

    private static String text(JsonNode v, String path) {
        if (v == null || v.isNull()) return "";
        if (!v.isValueNode()) throw new InvalidDeploymentException(path, "must be a string");
        return v.asText();
    }

    /** Checked before any container is made: Docker's reference grammar (the reference is not quoted). */
    private static String image(JsonNode v, String path) {
        String ref = text(v, path);
        if (!ref.isEmpty() && !dev.hearth.docker.ImageRefs.isValid(ref)) {
            throw new InvalidDeploymentException(
                    path, "is not a valid image reference ([registry/]name[:tag][@digest], lowercase name)");
        }
        return ref;
    }

    private static List<String> strings(JsonNode v, String path) {
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw new InvalidDeploymentException(path, "must be a list of strings");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) out.add(text(v.get(i), path + "[" + i + "]"));
        return out;
    }
}
