package dev.hearth.hook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which inputs a built-in hook hands to the tool it runs (environment, facts, hiera, extra-vars).
 *
 * <p>As heat-agents' hooks do, every input the template declares reaches the tool, secret-looking
 * names included ({@code db_password} is a fact and a variable like any other). Withheld are only
 * the inputs Heat appends so that the node can signal it ({@link #SIGNALLING}), which no tool has
 * any use for, and the inputs a deployment names in its option {@code withhold_inputs}. The option
 * {@code secret_inputs} (from before inputs were passed like this) still hands a signalling input
 * on by name; {@code withhold_inputs} wins over it. See docs/SECURITY.md#inputs-and-the-tools.
 */
public final class HeatInputs {
    /** Option naming further inputs the tool must not get. */
    public static final String WITHHOLD_OPTION = "withhold_inputs";
    /** Option naming signalling inputs the tool must get after all. */
    public static final String PASS_OPTION = "secret_inputs";

    /**
     * The inputs Heat derives for signalling, per transport (docs/heat-protocol.md#inputs-heat-derives).
     * {@code deploy_server_id}, {@code deploy_action}, {@code deploy_stack_id} and
     * {@code deploy_resource_name} are not among them: templates read those.
     */
    public static final Set<String> SIGNALLING = Set.of(
            "deploy_signal_transport",
            "deploy_signal_id",
            "deploy_signal_verb",
            "deploy_auth_url",
            "deploy_username",
            "deploy_user_id",
            "deploy_password",
            "deploy_project_id",
            "deploy_region_name",
            "deploy_queue_id");

    /**
     * Signalling inputs whose values identify or authenticate the stack user: masked wherever text
     * leaves Hearth, like secret-named inputs. The transport, verb, region and keystone URL are not
     * worth masking (masking "POST" would blank unrelated text).
     */
    public static final Set<String> SIGNALLING_IDENTITIES = Set.of(
            "deploy_password",
            "deploy_signal_id",
            "deploy_username",
            "deploy_user_id",
            "deploy_project_id",
            "deploy_queue_id");

    private HeatInputs() {}

    /** Input values as strings (maps and lists as JSON, null as empty), withheld inputs left out. */
    public static Map<String, String> asStrings(Deployment d) {
        Map<String, String> out = new LinkedHashMap<>();
        exported(d).forEach((k, v) -> out.put(k, Json.asText(v)));
        return out;
    }

    /** The inputs the tool gets, in input order, with their JSON values. */
    public static Map<String, JsonNode> exported(Deployment d) {
        Set<String> withheld = withheld(d);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        d.inputValues().forEach((name, value) -> {
            if (!withheld.contains(name)) out.put(name, value);
        });
        return out;
    }

    /** Names of the deployment's inputs the tool does not get. */
    public static Set<String> withheld(Deployment d) {
        Set<String> pass = names(d.options().get(PASS_OPTION));
        Set<String> extra = names(d.options().get(WITHHOLD_OPTION));
        Set<String> out = new LinkedHashSet<>();
        for (String name : d.inputValues().keySet()) {
            if (extra.contains(name) || (SIGNALLING.contains(name) && !pass.contains(name))) out.add(name);
        }
        return out;
    }

    /** Names listed in {@code withhold_inputs}: their values are masked like secrets'. */
    public static Set<String> withheldOnRequest(Deployment d) {
        return names(d.options().get(WITHHOLD_OPTION));
    }

    /**
     * Refuses an option that is neither a list of names nor a comma-separated string, naming its
     * path; called when the deployment is parsed, so that a typo never hands on what it meant to withhold.
     */
    static void validate(JsonNode options, String path) {
        for (String option : new String[] {WITHHOLD_OPTION, PASS_OPTION}) {
            JsonNode v = options.get(option);
            if (v == null || v.isNull() || v.isTextual()) continue;
            String p = path + "." + option;
            if (!v.isArray())
                throw new InvalidDeploymentException(p, "must be a list of input names or a comma-separated string");
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual())
                    throw new InvalidDeploymentException(p + "[" + i + "]", "must be an input name (a string)");
            }
        }
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new LinkedHashSet<>();
        if (list == null || list.isNull()) return names;
        if (list.isArray()) {
            list.forEach(n -> names.add(n.asText().trim()));
        } else if (list.isTextual()) {
            for (String s : list.textValue().split(",", -1)) if (!s.isBlank()) names.add(s.trim());
        }
        return names;
    }
}
