package dev.hearth.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import dev.hearth.secret.Secrets;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment's signal as kept in the outbox: how to send it (the transport and the deployment's
 * {@code deploy_*} inputs it needs, credentials included) and, once the hook has answered, what to send.
 * {@code toString} shows no parameter values.
 *
 * @param params        {@code deploy_*} inputs by name (see {@link SignalOutbox#PARAMS})
 * @param payload       the hook's response; null while armed
 * @param attempts      sending attempts so far
 * @param nextAttemptAt not before this time; null means now
 * @param lastError     the last failure, secrets masked
 */
public record SignalEnvelope(
        String deploymentId,
        String name,
        String transport,
        Map<String, String> params,
        SignalState state,
        Instant armedAt,
        Instant readyAt,
        ObjectNode payload,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant givenUpAt) {

    public SignalEnvelope {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public Optional<String> param(String name) {
        String v = params.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public SignalEnvelope ready(ObjectNode hookResponse, Instant at) {
        return new SignalEnvelope(
                deploymentId,
                name,
                transport,
                params,
                SignalState.READY,
                armedAt,
                at,
                hookResponse.deepCopy(),
                0,
                at,
                null,
                null);
    }

    public SignalEnvelope failedAttempt(String error, Instant next) {
        return new SignalEnvelope(
                deploymentId,
                name,
                transport,
                params,
                state,
                armedAt,
                readyAt,
                payload,
                attempts + 1,
                next,
                error,
                null);
    }

    /**
     * Never sent again, so it keeps what the operator needs to see (the reason, where it was going)
     * and drops the credentials: the password goes, a signed URL keeps its address with the
     * signature masked.
     */
    public SignalEnvelope givenUp(String reason, Instant at, int totalAttempts) {
        Map<String, String> kept = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!Secrets.isSecretName(k)) kept.put(k, v);
            else if (k.equals("deploy_signal_id")) kept.put(k, Secrets.maskPatterns(v));
        });
        return new SignalEnvelope(
                deploymentId,
                name,
                transport,
                kept,
                SignalState.GIVEN_UP,
                armedAt,
                readyAt,
                payload,
                totalAttempts,
                null,
                reason,
                at);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("deployment_id", deploymentId);
        o.put("name", name);
        o.put("transport", transport);
        ObjectNode p = o.putObject("params");
        params.forEach(p::put);
        o.put("state", state.json());
        putTime(o, "armed_at", armedAt);
        putTime(o, "ready_at", readyAt);
        if (payload != null) o.set("payload", payload);
        o.put("attempts", attempts);
        putTime(o, "next_attempt_at", nextAttemptAt);
        if (lastError != null) o.put("last_error", lastError);
        putTime(o, "given_up_at", givenUpAt);
        return o;
    }

    public static SignalEnvelope fromJson(JsonNode o) {
        Map<String, String> params = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.path("params").properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        return new SignalEnvelope(
                text(o, "deployment_id"),
                text(o, "name"),
                text(o, "transport"),
                params,
                SignalState.fromJson(o.path("state").asText("armed")),
                time(o, "armed_at"),
                time(o, "ready_at"),
                o.get("payload") instanceof ObjectNode p ? p : null,
                o.path("attempts").asInt(0),
                time(o, "next_attempt_at"),
                text(o, "last_error"),
                time(o, "given_up_at"));
    }

    private static void putTime(ObjectNode o, String key, Instant t) {
        if (t != null) o.put(key, t.toString());
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode o, String key) {
        String t = text(o, key);
        return t == null ? null : Instant.parse(t);
    }

    @Override
    public String toString() {
        return "SignalEnvelope[" + deploymentId + " " + name + " " + transport + " " + state + " attempts=" + attempts
                + (lastError == null ? "" : " lastError=" + Secrets.maskPatterns(lastError)) + "]";
    }
}
