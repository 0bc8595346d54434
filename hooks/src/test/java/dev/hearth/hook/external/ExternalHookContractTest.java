package dev.hearth.hook.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContractSuite;
import dev.hearth.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The external runner with a heat-agents style hook written in shell: it reads the deployment on
 * stdin and runs its {@code config} as a script, printing one JSON object (needs python3 for JSON).
 */
class ExternalHookContractTest extends HookContractSuite {
    private ExternalHook hook;

    @BeforeEach
    void writeHook() throws IOException {
        Path exe = state.resolve("hooks").resolve("shellhook");
        Files.createDirectories(exe.getParent());
        Files.writeString(exe, """
                #!/usr/bin/env python3
                import json, os, subprocess, sys
                c = json.load(sys.stdin)
                env = dict(os.environ)
                for i in c.get('inputs', []):
                    if i['name'] != 'deploy_password':
                        env[i['name']] = i['value'] if isinstance(i['value'], str) else json.dumps(i['value'])
                out = os.path.join(os.environ.get('OUTPUTS_DIR', '/tmp'), c['id'])
                env['heat_outputs_path'] = out
                p = subprocess.run(['/bin/sh', '-c', c['config']], env=env, capture_output=True, text=True)
                resp = {'deploy_stdout': p.stdout, 'deploy_stderr': p.stderr, 'deploy_status_code': p.returncode}
                for o in c.get('outputs', []):
                    f = out + '.' + o['name']
                    if os.path.exists(f):
                        resp[o['name']] = open(f).read()
                print(json.dumps(resp))
                """);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        hook = new ExternalHook("shellhook", exe, new ProcessRunner());
    }

    @Override
    protected Hook hook() {
        return hook;
    }

    @Override
    protected JsonNode configPrinting(String text) {
        return TextNode.valueOf("echo " + text);
    }

    @Override
    protected JsonNode configFailing() {
        return TextNode.valueOf("exit 4");
    }

    @Override
    protected JsonNode configWritingOutput(String name, String value) {
        return TextNode.valueOf("printf '%s' '" + value + "' > \"$heat_outputs_path." + name + "\"");
    }

    @Override
    protected JsonNode configHanging() {
        return TextNode.valueOf("sleep 600");
    }

    @Override
    protected JsonNode configEchoingInput(String name) {
        return TextNode.valueOf("echo \"value=${" + name + "}\"");
    }
}
