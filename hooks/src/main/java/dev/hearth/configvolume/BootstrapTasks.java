package dev.hearth.configvolume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.InvalidDeploymentException;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Yaml;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bootstrap tasks ({@code docker_puppet_tasks}, docs/config-volumes.md#bootstrap-tasks): puppet entries that
 * act on live services (endpoints, database users) and so run once per cluster, on the bootstrap
 * node, after the step's containers are up, with {@code NO_ARCHIVE} (no config data, no checksum)
 * and {@code STEP=N}.
 *
 * <p>Which node is the bootstrap node, first rule that applies:
 * <ol>
 *   <li>input {@code is_bootstrap} (boolean) — the deployment says so for this very node;</li>
 *   <li>input {@code bootstrap_node} (a host name, e.g. TripleO's {@code bootstrap_nodeid}) —
 *       compared case-insensitively with this node's short host name (and with the first label of
 *       the given name, so an FQDN matches too);</li>
 *   <li>the agent's setting {@link ConfigVolumeSettings#bootstrapNode()};</li>
 *   <li>otherwise the node is not the bootstrap node.</li>
 * </ol>
 * On any other node the tasks succeed as a no-op whose stdout says why.
 *
 * <p>Config: the step's list of entries, or the whole {@code docker_puppet_tasks} map
 * ({@code step_N} → list), from which {@code step_<step>} is taken. Input {@code step} is required.
 */
public final class BootstrapTasks {
    /** Whether to run, and the line that says why. */
    public record Decision(boolean run, String reason) {}

    private BootstrapTasks() {}

    public static Decision decide(Deployment d, ConfigVolumeSettings settings) {
        String me = settings.hostname();
        if (d.inputValues().containsKey("is_bootstrap")
                && !d.inputValues().get("is_bootstrap").isNull()) {
            boolean yes = ConfigVolumeHook.boolInput(d, "is_bootstrap", false);
            return new Decision(yes, "input is_bootstrap is " + yes + " for this node (" + me + ")");
        }
        Optional<String> node = ConfigVolumeHook.text(d, "bootstrap_node");
        if (node.isPresent()) {
            String want = node.get().toLowerCase(Locale.ROOT);
            String mine = me.toLowerCase(Locale.ROOT);
            int dot = want.indexOf('.');
            boolean yes =
                    want.equals(mine) || (dot > 0 && want.substring(0, dot).equals(mine));
            return new Decision(yes, "bootstrap node is " + node.get() + ", this node is " + me);
        }
        if (settings.bootstrapNode() != null) {
            return new Decision(
                    settings.bootstrapNode(),
                    "the agent's configuration says this node (" + me + ") is "
                            + (settings.bootstrapNode() ? "" : "not ") + "the bootstrap node");
        }
        return new Decision(
                false,
                "nothing marks this node (" + me
                        + ") as the bootstrap node (input is_bootstrap or bootstrap_node, or the agent's bootstrap setting)");
    }

    /** The entries for {@code step}: the config itself when it is a list, else its {@code step_<step>} list. */
    public static List<PuppetConfigEntry> entries(JsonNode config, int step) {
        JsonNode c = config;
        if (c != null && c.isTextual()) {
            try {
                c = Yaml.read(c.textValue());
            } catch (DocumentException e) {
                throw new InvalidDeploymentException("$.config", "is not JSON or YAML: " + e.getMessage());
            }
        }
        if (c != null && c.isObject()) {
            String key = "step_" + step;
            return PuppetConfigEntry.listFrom(c.get(key), "$.config." + key);
        }
        return PuppetConfigEntry.listFrom(c, "$.config");
    }
}
