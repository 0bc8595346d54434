package dev.hearth.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads agent.yaml strictly: an unknown key, a key given twice or a wrong type stops the agent with
 * the key's path (and the line, for a YAML error); values are never quoted, since the file holds
 * credentials.
 */
public final class ConfigLoader {
    private final ConfigBinder binder = new ConfigBinder();

    /**
     * Reads and validates agent.yaml.
     *
     * @param file     the config file; when {@code required} is false and it does not exist, defaults are used
     * @param required true when the user named the file
     */
    public AgentConfig load(Path file, boolean required) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (required) throw new ConfigException(file + ": no such file");
            return AgentConfig.defaults();
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    public AgentConfig parse(String text, String source) {
        AgentConfig config;
        JsonNode tree;
        try {
            // YAML lets the last of two equal keys win; a second "hooks:" would silently drop the first.
            tree = Yaml.read(text, Yaml.Keys.UNIQUE);
        } catch (DocumentException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
        try {
            config = tree.isNull() ? AgentConfig.defaults() : binder.bind(tree, AgentConfig.class);
        } catch (ConfigBinder.BindingException e) {
            throw new ConfigException(
                    e.unknownKey()
                            ? source + ": unknown key '" + e.path() + "'"
                            : source + ": " + (e.path().isEmpty() ? "" : "key '" + e.path() + "': ") + e.getMessage());
        }
        validate(config, source);
        return config;
    }

    private static void validate(AgentConfig c, String source) {
        for (int i = 0; i < c.collectors().size(); i++) {
            String name = c.collectors().get(i);
            if (!AgentConfig.KNOWN_COLLECTORS.contains(name)) {
                throw new ConfigException(source + ": key 'collectors[" + i + "]': not a collector"
                        + " (known: heat_local, local, request, heat, cfn, zaqar)");
            }
        }
        if (c.limits().maxDeployments() < 1) {
            throw new ConfigException(source + ": key 'limits.max_deployments': must be at least 1");
        }
        if (c.limits().maxJsonTokens() < 2) {
            throw new ConfigException(source + ": key 'limits.max_json_tokens': must be at least 2");
        }
        if (c.polling().minInterval().isNegative() || c.polling().minInterval().isZero()) {
            throw new ConfigException(source + ": key 'polling.min_interval': must be positive");
        }
        if (c.polling().maxInterval().compareTo(c.polling().minInterval()) < 0) {
            throw new ConfigException(source + ": key 'polling.max_interval': must not be below polling.min_interval");
        }
        if (c.hooks().timeout().isNegative() || c.hooks().timeout().isZero()) {
            throw new ConfigException(source + ": key 'hooks.timeout': must be positive");
        }
        if (c.hooks().killGrace().isNegative()) {
            throw new ConfigException(source + ": key 'hooks.kill_grace': must not be negative");
        }
        if (c.docker().parallelism() < 1)
            throw new ConfigException(source + ": key 'docker.parallelism': must be at least 1");
        try {
            dev.hearth.docker.UnitSettings.Mode.parse(c.docker().systemdUnits());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": key 'docker.systemd_units': " + e.getMessage());
        }
        if (!c.docker().systemdUnitDir().isAbsolute()) {
            throw new ConfigException(source + ": key 'docker.systemd_unit_dir': must be an absolute directory");
        }
        if (!c.docker().podmanLogDir().isEmpty()
                && (!c.docker().podmanLogDir().startsWith("/")
                        || c.docker().podmanLogDir().indexOf('\0') >= 0)) {
            throw new ConfigException(source + ": key 'docker.podman_log_dir': must be an absolute directory, "
                    + "or \"\" for podman's default log driver");
        }
        if (c.configVolumes().parallelism() < 1) {
            throw new ConfigException(source + ": key 'config_volumes.parallelism': must be at least 1");
        }
        if (c.jsonFile().roots() != null) {
            for (int i = 0; i < c.jsonFile().roots().size(); i++) {
                java.nio.file.Path root = c.jsonFile().roots().get(i);
                if (root == null || !root.isAbsolute() || root.getNameCount() == 0) {
                    throw new ConfigException(
                            source + ": key 'json_file.roots[" + i + "]': must be an absolute directory other than /");
                }
            }
        }
        if (!c.configVolumes().checksum().equals("tripleo")
                && !c.configVolumes().checksum().equals("sorted")) {
            throw new ConfigException(source + ": key 'config_volumes.checksum': must be tripleo or sorted");
        }
        if (!c.configVolumes().configHash().equals("tripleo")
                && !c.configVolumes().configHash().equals("volume-root")) {
            throw new ConfigException(source + ": key 'config_volumes.config_hash': must be tripleo or volume-root");
        }
        if (!c.log().format().equals("plain") && !c.log().format().equals("json")) {
            throw new ConfigException(source + ": key 'log.format': must be plain or json");
        }
    }
}
