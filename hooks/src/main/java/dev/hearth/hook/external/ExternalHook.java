package dev.hearth.hook.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessResult;
import dev.hearth.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * An executable hook from a hooks directory (heat-agents' hooks or an operator's), run under the
 * heat-config contract (docs/heat-protocol.md#hook-contract): the sanitised deployment as JSON on stdin, one JSON object
 * expected on stdout. Unlike 55-heat-config, empty output with exit 0 is a failure.
 */
public final class ExternalHook implements Hook {
    private final String group;
    private final Path executable;
    private final ProcessRunner runner;

    public ExternalHook(String group, Path executable, ProcessRunner runner) {
        this.group = group;
        this.executable = executable;
        this.runner = runner;
    }

    @Override
    public String group() {
        return group;
    }

    public Path executable() {
        return executable;
    }

    @Override
    public HookResponse run(Deployment d, HookContext ctx) throws InterruptedException {
        byte[] stdin = Json.write(heatConfigInput(d)).getBytes(StandardCharsets.UTF_8);
        ProcessResult r;
        try {
            r = runner.run(List.of(executable.toString()), null, ctx.environment(), stdin, ctx.timeout(), null);
        } catch (IOException e) {
            return HookResponse.failure("hook " + executable + " could not be started: " + e.getMessage());
        }
        if (r.timedOut()) {
            return HookResponse.of(
                    r.stdout(),
                    ProcessResult.timedOutLine("hook " + executable, ctx.timeout()) + "\n" + r.stderr(),
                    124);
        }
        String out = r.stdout().strip();
        if (!out.isEmpty()) {
            try {
                JsonNode parsed = Json.parse(out);
                if (parsed.isObject()) return new HookResponse((ObjectNode) parsed);
            } catch (RuntimeException notJson) {
                // fall through: the hook broke the contract
            }
            int code = r.exitCode() != 0 ? r.exitCode() : 1;
            return HookResponse.of(
                    r.stdout(), r.stderr() + "\nhook " + executable + " did not print one JSON object on stdout", code);
        }
        if (r.exitCode() != 0) return HookResponse.of(r.stdout(), r.stderr(), r.exitCode());
        return HookResponse.of("", r.stderr() + "\nhook " + executable + " exited 0 without printing its result", 1);
    }

    /** The deployment as 55-heat-config hands it on: non-string values of String inputs become Python str(). */
    static ObjectNode heatConfigInput(Deployment d) {
        ObjectNode copy = d.raw().deepCopy();
        JsonNode inputs = copy.get("inputs");
        if (inputs instanceof ArrayNode list) {
            for (JsonNode in : list) {
                if (in instanceof ObjectNode o && "String".equals(o.path("type").asText("String"))) {
                    JsonNode v = o.get("value");
                    if (v != null && !v.isTextual()) o.set("value", TextNode.valueOf(PythonStr.of(v)));
                }
            }
        }
        return copy;
    }
}
