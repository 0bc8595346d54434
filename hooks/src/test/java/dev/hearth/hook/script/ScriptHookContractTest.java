package dev.hearth.hook.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContractSuite;
import dev.hearth.process.ProcessRunner;

class ScriptHookContractTest extends HookContractSuite {
    private final ScriptHook hook = new ScriptHook(new ProcessRunner());

    @Override
    protected Hook hook() {
        return hook;
    }

    @Override
    protected JsonNode configPrinting(String text) {
        return TextNode.valueOf("#!/bin/sh\necho " + text + "\n");
    }

    @Override
    protected JsonNode configFailing() {
        return TextNode.valueOf("#!/bin/sh\necho failing >&2\nexit 3\n");
    }

    @Override
    protected JsonNode configWritingOutput(String name, String value) {
        return TextNode.valueOf("#!/bin/sh\nprintf '%s' '" + value + "' > \"$heat_outputs_path." + name + "\"\n");
    }

    @Override
    protected JsonNode configHanging() {
        return TextNode.valueOf("#!/bin/sh\nsleep 600\n");
    }

    @Override
    protected JsonNode configEchoingInput(String name) {
        return TextNode.valueOf("#!/bin/sh\necho \"value=${" + name + "}\"\n");
    }
}
