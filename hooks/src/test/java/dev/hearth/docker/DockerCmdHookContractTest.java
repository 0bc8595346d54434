package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContractSuite;
import dev.hearth.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** docker-cmd passes the hook contract suite against the real dockerd (one-shot containers). */
@Tag("dockerd")
class DockerCmdHookContractTest extends HookContractSuite {
    private DockerFixture fx;

    @BeforeEach
    void connect() {
        fx = new DockerFixture();
    }

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    @Override
    protected Hook hook() {
        return fx.hook;
    }

    @Override
    protected ObjectNode deployment(JsonNode config) {
        ObjectNode d = super.deployment(config);
        // The fixture removes its containers by stack label.
        d.withArray("inputs").forEach(in -> {
            if (in.path("name").asText().equals("deploy_stack_id")) ((ObjectNode) in).put("value", fx.stack);
        });
        return d;
    }

    private JsonNode oneShot(String name, String... command) {
        ObjectNode config = Json.object();
        ObjectNode c = config.putObject(fx.name(name));
        c.put("image", DockerFixture.IMAGE).put("detach", false).put("net", "none");
        var cmd = c.putArray("command");
        for (String s : command) cmd.add(s);
        return config;
    }

    @Override
    protected JsonNode configPrinting(String text) {
        return oneShot(text, "echo", text);
    }

    @Override
    protected JsonNode configFailing() {
        return oneShot("fails", "false");
    }

    @Override
    protected Map<Case, String> notApplicable() {
        return Map.of(
                Case.DECLARED_OUTPUT, "docker-cmd has no output files: a container's result is its exit code and logs",
                Case.INPUTS_REACH_THE_TOOL,
                        "docker-cmd hands no inputs to containers: their environment is in the config");
    }

    @Override
    protected JsonNode configWritingOutput(String name, String value) {
        return null;
    }

    @Override
    protected JsonNode configHanging() {
        return oneShot("hangs", "sleep", "600");
    }

    @Override
    protected JsonNode configEchoingInput(String name) {
        return null;
    }
}
