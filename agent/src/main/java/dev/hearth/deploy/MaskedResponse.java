package dev.hearth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.HookResponse;
import dev.hearth.secret.Secrets;
import java.util.List;

/**
 * A hook's response as it leaves the hook boundary, with the deployment's known secrets masked once
 * in {@code deploy_stdout} and {@code deploy_stderr} (a script that echoes its password must not put
 * it into Heat's database, the markers or the log). Everything past the boundary (the signal, the
 * marker's reason and tails, the log line) reads this, never the raw response. Outputs are not
 * masked: Heat asked for them by name and may need a secret value back.
 */
record MaskedResponse(HookResponse response) {

    static MaskedResponse of(HookResponse raw, Secrets secrets) {
        ObjectNode body = raw.body().deepCopy();
        for (String key : List.of(HookResponse.STDOUT, HookResponse.STDERR)) {
            JsonNode v = body.get(key);
            if (v == null) continue;
            if (v.isTextual()) body.put(key, secrets.mask(v.textValue()));
            else if (v.isContainerNode()) body.set(key, secrets.mask(v));
        }
        return new MaskedResponse(new HookResponse(body));
    }

    /** What the signal carries (a copy). */
    ObjectNode payload() {
        return response.body().deepCopy();
    }

    String stdout() {
        return response.stdout();
    }

    String stderr() {
        return response.stderr();
    }

    int statusCode() {
        return response.statusCode();
    }
}
