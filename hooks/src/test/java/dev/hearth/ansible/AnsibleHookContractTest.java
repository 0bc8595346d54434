package dev.hearth.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContractSuite;
import dev.hearth.process.ProcessRunner;
import org.junit.jupiter.api.Tag;

/** The real {@code ansible-playbook} (Debian's ansible-core) must be installed: these tests do not skip. */
@Tag("ansible")
class AnsibleHookContractTest extends HookContractSuite {
    private final AnsibleHook hook =
            new AnsibleHook(new AnsiblePlaybook(new ProcessRunner(), "ansible-playbook"), null);

    @Override
    protected Hook hook() {
        return hook;
    }

    private static JsonNode play(String tasks) {
        return TextNode.valueOf("- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks);
    }

    @Override
    protected JsonNode configPrinting(String text) {
        return play("    - name: print\n      debug:\n        msg: \"" + text + "\"\n");
    }

    @Override
    protected JsonNode configFailing() {
        return play("    - name: this one fails\n      fail:\n        msg: failing on purpose\n");
    }

    @Override
    protected JsonNode configWritingOutput(String name, String value) {
        return play("    - name: write output\n      copy:\n        content: \"" + value + "\"\n"
                + "        dest: \"{{ heat_outputs_path }}." + name + "\"\n");
    }

    @Override
    protected JsonNode configHanging() {
        return play("    - name: hang\n      command: sleep 600\n");
    }

    @Override
    protected JsonNode configEchoingInput(String name) {
        return play("    - name: echo\n      debug:\n        msg: \"value={{ " + name + " | default('') }}\"\n");
    }
}
