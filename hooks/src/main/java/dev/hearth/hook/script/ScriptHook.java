package dev.hearth.hook.script;

import dev.hearth.fs.AtomicFiles;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.DeploymentSecrets;
import dev.hearth.hook.HeatInputs;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.hook.OutputFiles;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessResult;
import dev.hearth.process.ProcessRunner;
import dev.hearth.secret.Secrets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Group {@code script} (docs/heat-protocol.md#hooks-of-heat-agents): the config is an executable text; every input
 * but Heat's signalling ones and those named in option {@code withhold_inputs} ({@link HeatInputs}) is an
 * environment variable (scalars as text, maps and lists as JSON, so Number/Boolean/Json inputs work,
 * docs/heat-protocol.md#metadata); {@code heat_outputs_path} tells the script where to write declared outputs.
 */
public final class ScriptHook implements Hook {
    public static final String GROUP = "script";

    private final ProcessRunner runner;

    public ScriptHook(ProcessRunner runner) {
        this.runner = runner;
    }

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public HookResponse run(Deployment d, HookContext ctx) throws InterruptedException {
        String script = Json.asText(d.config());
        if (script.isBlank()) {
            return HookResponse.failure("script hook: deployment " + d.name() + " has an empty config");
        }
        try {
            AtomicFiles.ensureDirectory(ctx.workingDir(), AtomicFiles.DIR_0700);
            AtomicFiles.ensureDirectory(ctx.outputsDir(), AtomicFiles.DIR_0700);
            Path file = ctx.workingDir().resolve(d.id());
            AtomicFiles.write(file, script, AtomicFiles.FILE_0700);
            OutputFiles.clear(ctx, d);

            Secrets secrets = DeploymentSecrets.of(d);
            Map<String, String> env = new HashMap<>(ctx.environment());
            env.putAll(HeatInputs.asStrings(d));
            env.put("heat_outputs_path", OutputFiles.outputsPath(ctx, d).toString());

            ProcessResult r = runner.run(
                    List.of(file.toString()),
                    ctx.workingDir(),
                    env,
                    null,
                    ctx.timeout(),
                    line -> ctx.progress().accept(secrets.mask(line)));
            String stderr = r.stderr();
            int code = r.exitCode();
            if (r.timedOut()) {
                stderr = ProcessResult.timedOutLine("script hook: the script", ctx.timeout()) + "\n" + stderr;
                code = 124;
            }
            return OutputFiles.collect(HookResponse.of(r.stdout(), stderr, code), ctx, d);
        } catch (IOException e) {
            return HookResponse.failure("script hook: cannot run the script of " + d.name() + ": " + e.getMessage());
        }
    }
}
