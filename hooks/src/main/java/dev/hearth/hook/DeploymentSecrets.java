package dev.hearth.hook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.secret.Secrets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret values of one deployment: secret-named inputs and options, Heat's signalling
 * identities, inputs the deployment withholds by name (option {@code withhold_inputs}), and the
 * signatures of its signed signal URL. Here rather than in {@code secret} because which inputs are
 * secret is a fact about Heat's deployments; {@code secret} knows only how to mask.
 */
public final class DeploymentSecrets {
    private DeploymentSecrets() {}

    public static Secrets of(Deployment d) {
        List<JsonNode> values = new ArrayList<>();
        List<JsonNode> signedUrls = new ArrayList<>();
        Set<String> withheld = HeatInputs.withheldOnRequest(d);
        for (DeploymentInput in : d.inputs()) {
            String name = in.name();
            if (Secrets.isSecretName(name)
                    || HeatInputs.SIGNALLING_IDENTITIES.contains(name)
                    || withheld.contains(name)) {
                (name.equals("deploy_signal_id") ? signedUrls : values).add(in.value());
            }
        }
        Iterator<Map.Entry<String, JsonNode>> it = d.options().properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (Secrets.isSecretName(e.getKey())) values.add(e.getValue());
        }
        return Secrets.ofValues(values).and(Secrets.ofUrlSignatures(signedUrls));
    }
}
