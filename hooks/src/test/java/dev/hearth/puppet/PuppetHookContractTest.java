package dev.hearth.puppet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContractSuite;
import dev.hearth.process.ProcessRunner;
import java.util.List;
import org.junit.jupiter.api.Tag;

/** The puppet hook passes the hook contract suite with the real `puppet apply`. */
@Tag("puppet")
class PuppetHookContractTest extends HookContractSuite {
    @Override
    protected Hook hook() {
        PuppetSettings defaults = PuppetSettings.defaults();
        return new PuppetHook(
                new ProcessRunner(),
                new PuppetSettings(
                        defaults.command(),
                        state.resolve("hieradata"),
                        state.resolve("puppet-logs"),
                        state.resolve("puppet-debug"),
                        List.of()));
    }

    @Override
    protected JsonNode configPrinting(String text) {
        return TextNode.valueOf("notice(\"" + text + "\")\n");
    }

    @Override
    protected JsonNode configFailing() {
        return TextNode.valueOf("fail(\"contract failure\")\n");
    }

    @Override
    protected JsonNode configWritingOutput(String name, String value) {
        return TextNode.valueOf("file { \"${::heat_outputs_path}." + name + "\": content => \"" + value + "\" }\n");
    }

    @Override
    protected JsonNode configHanging() {
        return TextNode.valueOf("exec { 'hang': command => '/bin/sleep 600', timeout => 0 }\n");
    }

    @Override
    protected JsonNode configEchoingInput(String name) {
        return TextNode.valueOf("notice(\"value=${::" + name + "}\")\n");
    }
}
