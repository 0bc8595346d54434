package dev.hearth.hook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heat-config hook contract (docs/heat-protocol.md#hook-contract) that every built-in hook and the external
 * hook runner must pass: exactly one JSON object with deploy_stdout, deploy_stderr and
 * deploy_status_code; {@code options: null}; non-string inputs; a declared output; a failure; a
 * timeout; secrets absent from the output. A subclass says how to make a config that does each thing.
 *
 * <p>Every test runs for every hook (the tests are final). Where a case truly does not apply to a
 * hook, the hook says so in one place, {@link #notApplicable()}, with the reason; the suite checks
 * that declaration against the hook's configs (a declared case yields no config, an undeclared one
 * must) and reports it, so nothing is skipped silently.
 */
public abstract class HookContractSuite {
    protected static final String SECRET = "s3cr3t!P@ss-contract";

    /** The cases a hook may declare not applicable, each with the config method it concerns. */
    public enum Case {
        /** {@link #configWritingOutput}: the hook has no declared outputs. */
        DECLARED_OUTPUT,
        /** {@link #configEchoingInput}: the hook does not hand inputs to a tool. */
        INPUTS_REACH_THE_TOOL,
        /** {@link #configHanging}: nothing the hook runs can outlive the hook's timeout. */
        HANGING_TOOL
    }

    /** The cases that do not apply to this hook, each with why; empty when every case applies. */
    protected Map<Case, String> notApplicable() {
        return Map.of();
    }

    @TempDir
    protected Path state;

    protected abstract Hook hook();

    /** A config that succeeds and prints {@code text} on stdout. */
    protected abstract JsonNode configPrinting(String text);

    /** A config that fails (non-zero status). */
    protected abstract JsonNode configFailing();

    /** A config that writes {@code value} to the declared output {@code name}; null only for {@link Case#DECLARED_OUTPUT}. */
    protected abstract JsonNode configWritingOutput(String name, String value);

    /** A config that runs longer than any timeout; null only for {@link Case#HANGING_TOOL}. */
    protected abstract JsonNode configHanging();

    /** A config that prints input {@code name} as the tool sees it; null only for {@link Case#INPUTS_REACH_THE_TOOL}. */
    protected abstract JsonNode configEchoingInput(String name);

    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    protected HookContext context(Duration timeout) {
        return new HookContext(state.resolve("work"), state.resolve("outputs"), timeout, System.getenv(), null);
    }

    protected ObjectNode deployment(JsonNode config) {
        ObjectNode d = Json.object();
        d.put("id", UUID.randomUUID().toString());
        d.put("name", "contract");
        d.put("group", hook().group());
        d.put("creation_time", "2024-05-01T12:00:00Z");
        d.set("config", config);
        d.putNull("options");
        ArrayNode inputs = d.putArray("inputs");
        input(inputs, "foo", "String", Json.nodes().textNode("bar"));
        input(inputs, "a_number", "Number", Json.nodes().numberNode(5));
        input(inputs, "a_flag", "Boolean", Json.nodes().booleanNode(true));
        input(inputs, "a_map", "Json", Json.parse("{\"a\": 1}"));
        input(inputs, "deploy_action", "String", Json.nodes().textNode("CREATE"));
        input(inputs, "deploy_stack_id", "String", Json.nodes().textNode("contract/" + UUID.randomUUID()));
        input(inputs, "deploy_resource_name", "String", Json.nodes().textNode("contract_deployment"));
        input(inputs, "deploy_signal_transport", "String", Json.nodes().textNode("HEAT_SIGNAL"));
        input(inputs, "deploy_password", "String", Json.nodes().textNode(SECRET));
        d.putArray("outputs")
                .addObject()
                .put("name", "result")
                .put("type", "String")
                .put("error_output", false);
        return d;
    }

    private static void input(ArrayNode inputs, String name, String type, JsonNode value) {
        inputs.addObject().put("name", name).put("type", type).set("value", value);
    }

    protected HookResponse run(JsonNode config, Duration timeout) throws InterruptedException {
        Deployment d = Deployment.fromJson(deployment(config), "$");
        return hook().run(d, context(timeout));
    }

    /**
     * The config of {@code c}, or null when the hook declared {@code c} not applicable (reported on
     * stdout). Fails when the declaration and the config disagree.
     */
    private JsonNode configFor(Case c, JsonNode config) {
        Map<Case, String> declared = new EnumMap<>(Case.class);
        declared.putAll(notApplicable());
        String why = declared.get(c);
        if (why == null) {
            assertThat(config)
                    .as("%s gives no config for %s: declare it in notApplicable() with the reason", hook().group(), c)
                    .isNotNull();
            return config;
        }
        assertThat(why).as("reason for %s of %s", c, hook().group()).isNotBlank();
        assertThat(config)
                .as("%s declares %s not applicable but gives a config for it", hook().group(), c)
                .isNull();
        System.out.printf("hook contract: %s: %s does not apply: %s%n", hook().group(), c, why);
        return null;
    }

    private static void assertContract(HookResponse r) {
        ObjectNode body = r.body();
        assertThat(body.has(HookResponse.STDOUT))
                .as("deploy_stdout in %s", body)
                .isTrue();
        assertThat(body.has(HookResponse.STDERR))
                .as("deploy_stderr in %s", body)
                .isTrue();
        assertThat(body.get(HookResponse.STATUS_CODE).isIntegralNumber())
                .as("deploy_status_code in %s", body)
                .isTrue();
        // Round-trips as exactly one JSON object.
        assertThat(Json.parse(Json.write(body)).isObject()).isTrue();
    }

    @Test
    final void successIsOneJsonObjectWithStatusZero() throws Exception {
        HookResponse r = run(configPrinting("hello-contract"), timeout());
        assertContract(r);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.stdout()).contains("hello-contract");
    }

    @Test
    final void failureHasNonZeroStatus() throws Exception {
        HookResponse r = run(configFailing(), timeout());
        assertContract(r);
        assertThat(r.statusCode()).isNotZero();
    }

    @Test
    final void declaredOutputIsReturned() throws Exception {
        JsonNode config = configFor(Case.DECLARED_OUTPUT, configWritingOutput("result", "forty-two"));
        if (config == null) {
            // Without outputs, a declared output must not appear from nowhere.
            HookResponse r = run(configPrinting("no-outputs"), timeout());
            assertContract(r);
            assertThat(r.body().has("result")).as(r.body().toString()).isFalse();
            return;
        }
        HookResponse r = run(config, timeout());
        assertContract(r);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.body().path("result").asText()).isEqualTo("forty-two");
    }

    @Test
    final void nonStringInputsReachTheTool() throws Exception {
        JsonNode config = configFor(Case.INPUTS_REACH_THE_TOOL, configEchoingInput("a_number"));
        if (config == null) {
            // Inputs of every JSON type are still accepted.
            HookResponse r = run(configPrinting("typed-inputs"), timeout());
            assertContract(r);
            assertThat(r.statusCode()).as(r.body().toString()).isZero();
            return;
        }
        HookResponse r = run(config, timeout());
        assertContract(r);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.stdout()).contains("5");
    }

    @Test
    final void hangingToolIsKilledAtTheTimeout() throws Exception {
        JsonNode config = configFor(Case.HANGING_TOOL, configHanging());
        if (config == null) {
            // A short timeout does not break a run that finishes.
            HookResponse r = run(configPrinting("short-timeout"), timeout());
            assertContract(r);
            return;
        }
        long start = System.nanoTime();
        HookResponse r = run(config, Duration.ofSeconds(2));
        assertContract(r);
        assertThat(r.statusCode()).isNotZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    final void credentialsAreNotHandedToTheToolNorEchoed() throws Exception {
        JsonNode config = configFor(Case.INPUTS_REACH_THE_TOOL, configEchoingInput("deploy_password"));
        if (config == null) config = configPrinting("no-inputs");
        HookResponse r = run(config, timeout());
        assertContract(r);
        assertThat(Json.write(r.body())).doesNotContain(SECRET);
    }

    @Test
    final void optionsNullIsAccepted() throws Exception {
        ObjectNode d = deployment(configPrinting("null-options"));
        d.putNull("options");
        HookResponse r = hook().run(Deployment.fromJson(d, "$"), context(timeout()));
        assertContract(r);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
    }

    protected static Map<String, String> env() {
        return System.getenv();
    }
}
