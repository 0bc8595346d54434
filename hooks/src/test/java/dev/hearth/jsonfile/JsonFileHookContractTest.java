package dev.hearth.jsonfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContractSuite;
import dev.hearth.json.Json;
import java.util.List;
import java.util.Map;

/** The json-file hook passes the hook contract suite (it has no outputs, no inputs and cannot hang). */
class JsonFileHookContractTest extends HookContractSuite {
    @Override
    protected Hook hook() {
        return new JsonFileHook(new JsonFileSettings(List.of(state), state.resolve("kolla")));
    }

    @Override
    protected JsonNode configPrinting(String text) {
        ObjectNode config = Json.object();
        config.putObject(state.resolve("files").resolve(text + ".json").toString())
                .put("a", 1);
        return config;
    }

    @Override
    protected JsonNode configFailing() {
        ObjectNode config = Json.object();
        config.putObject("relative/not-allowed.json").put("a", 1);
        return config;
    }

    @Override
    protected Map<Case, String> notApplicable() {
        return Map.of(
                Case.DECLARED_OUTPUT, "json-file writes documents; it has no declared outputs",
                Case.INPUTS_REACH_THE_TOOL, "json-file runs no tool; its config is the data",
                Case.HANGING_TOOL, "json-file runs no tool; writing files cannot hang");
    }

    @Override
    protected JsonNode configWritingOutput(String name, String value) {
        return null;
    }

    @Override
    protected JsonNode configHanging() {
        return null;
    }

    @Override
    protected JsonNode configEchoingInput(String name) {
        return null;
    }
}
