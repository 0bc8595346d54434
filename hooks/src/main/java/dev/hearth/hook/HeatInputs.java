package dev.hearth.hook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import dev.hearth.secret.Secrets;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which inputs a hook hands to the tool it runs (environment, facts, hiera, extra-vars).
 * Heat's signalling credentials are never handed on unless the deployment names them in the
 * option {@code secret_inputs}; with {@code strict}, neither is any other input named like a secret.
 */
public final class HeatInputs {
    /** The inputs through which a node can signal Heat: a tool has no business with them. */
    public static final Set<String> HEAT_CREDENTIALS = Set.of("deploy_password", "deploy_signal_id");

    private HeatInputs() {}

    /** Input values as strings (maps and lists as JSON, null as empty), secrets withheld per the rules above. */
    public static Map<String, String> asStrings(Deployment d, boolean strict) {
        Map<String, String> out = new LinkedHashMap<>();
        exported(d, strict).forEach((k, v) -> out.put(k, Json.asText(v)));
        return out;
    }

    public static Map<String, JsonNode> exported(Deployment d, boolean strict) {
        Set<String> allowed = requested(d);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        d.inputValues().forEach((name, value) -> {
            boolean withheld = HEAT_CREDENTIALS.contains(name) || (strict && Secrets.isSecretName(name));
            if (!withheld || allowed.contains(name)) out.put(name, value);
        });
        return out;
    }

    private static Set<String> requested(Deployment d) {
        Set<String> names = new HashSet<>();
        JsonNode list = d.options().path("secret_inputs");
        if (list.isArray()) list.forEach(n -> names.add(n.asText()));
        else if (list.isTextual()) for (String s : list.textValue().split(",")) names.add(s.trim());
        return names;
    }
}
