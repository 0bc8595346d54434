package dev.hearth.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heat-config hook contract (HEAT-PROTOCOL.md §4.4) that every built-in hook and the external
 * hook runner must pass: exactly one JSON object with deploy_stdout, deploy_stderr and
 * deploy_status_code; {@code options: null}; non-string inputs; a declared output; a failure; a
 * timeout; secrets absent from the output. A subclass says how to make a config that does each thing.
 */
public abstract class HookContractSuite {
    protected static final String SECRET = "s3cr3t!P@ss-contract";

    @TempDir
    protected Path state;

    protected abstract Hook hook();

    /** A config that succeeds and prints {@code text} on stdout. */
    protected abstract JsonNode configPrinting(String text);

    /** A config that fails (non-zero status). */
    protected abstract JsonNode configFailing();

    /** A config that writes {@code value} to the declared output {@code name}, or null if the hook has no outputs. */
    protected abstract JsonNode configWritingOutput(String name, String value);

    /** A config that runs longer than any timeout, or null if the hook cannot hang. */
    protected abstract JsonNode configHanging();

    /** A config that prints the value of input {@code name} as the tool sees it, or null if inputs are not handed on. */
    protected abstract JsonNode configEchoingInput(String name);

    protected Duration timeout() { return Duration.ofSeconds(60); }

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
        d.putArray("outputs").addObject().put("name", "result").put("type", "String").put("error_output", false);
        return d;
    }

    private static void input(ArrayNode inputs, String name, String type, JsonNode value) {
        inputs.addObject().put("name", name).put("type", type).set("value", value);
    }

    protected HookResponse run(JsonNode config, Duration timeout) throws InterruptedException {
        Deployment d = Deployment.fromJson(deployment(config), "$");
        return hook().run(d, context(timeout));
    }

    private static void assertContract(HookResponse r) {
        ObjectNode body = r.body();
        assertThat(body.has(HookResponse.STDOUT)).as("deploy_stdout in %s", body).isTrue();
        assertThat(body.has(HookResponse.STDERR)).as("deploy_stderr in %s", body).isTrue();
        assertThat(body.get(HookResponse.STATUS_CODE).isIntegralNumber()).as("deploy_status_code in %s", body).isTrue();
        // Round-trips as exactly one JSON object.
        assertThat(Json.parse(Json.write(body)).isObject()).isTrue();
    }

    @Test
    void successIsOneJsonObjectWithStatusZero() throws Exception {
        HookResponse r = run(configPrinting("hello-contract"), timeout());
        assertContract(r);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.stdout()).contains("hello-contract");
    }

    @Test
    void failureHasNonZeroStatus() throws Exception {
        HookResponse r = run(configFailing(), timeout());
        assertContract(r);
        assertThat(r.statusCode()).isNotZero();
    }

    @Test
    void declaredOutputIsReturned() throws Exception {
        JsonNode config = configWritingOutput("result", "forty-two");
        if (config == null) return;
        HookResponse r = run(config, timeout());
        assertContract(r);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.body().path("result").asText()).isEqualTo("forty-two");
    }

    @Test
    void nonStringInputsReachTheTool() throws Exception {
        JsonNode config = configEchoingInput("a_number");
        if (config == null) return;
        HookResponse r = run(config, timeout());
        assertContract(r);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
        assertThat(r.stdout()).contains("5");
    }

    @Test
    void hangingToolIsKilledAtTheTimeout() throws Exception {
        JsonNode config = configHanging();
        if (config == null) return;
        long start = System.nanoTime();
        HookResponse r = run(config, Duration.ofSeconds(2));
        assertContract(r);
        assertThat(r.statusCode()).isNotZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void credentialsAreNotHandedToTheToolNorEchoed() throws Exception {
        JsonNode config = configEchoingInput("deploy_password");
        if (config == null) config = configPrinting("no-inputs");
        HookResponse r = run(config, timeout());
        assertContract(r);
        assertThat(Json.write(r.body())).doesNotContain(SECRET);
    }

    @Test
    void optionsNullIsAccepted() throws Exception {
        ObjectNode d = deployment(configPrinting("null-options"));
        d.putNull("options");
        HookResponse r = hook().run(Deployment.fromJson(d, "$"), context(timeout()));
        assertContract(r);
        assertThat(r.statusCode()).as(r.body().toString()).isZero();
    }

    protected static Map<String, String> env() { return System.getenv(); }
}
