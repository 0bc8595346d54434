package dev.hearth.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;
import java.util.function.Consumer;

/**
 * Group {@code ansible} (docs/heat-protocol.md#hooks-of-heat-agents). The config is the playbook text, written to
 * {@code <work>/<id>_playbook.yaml}; the inputs (all of them, as in heat-agents, but Heat's
 * signalling inputs and those named in option {@code withhold_inputs}: {@link HeatInputs}), {@code heat_config_id} and {@code heat_outputs_path}
 * go to {@code <work>/<id>_variables.json} (0600, written atomically, deleted after the run) passed as
 * extra vars, so non-string inputs keep their JSON type. Options: {@code tags}, {@code skip_tags},
 * {@code modulepath}, {@code callback_plugins} ({@code ANSIBLE_CALLBACK_PLUGINS}), {@code inventory}
 * (a host list such as {@code a,b,} as is, else a path relative to the working directory; default
 * {@code HEAT_ANSIBLE_INVENTORY} or {@code localhost,} with the local connection).
 * Unlike heat-agents: {@code options: null} works, and a missing {@code ansible-playbook} or an
 * empty playbook is a failed deployment with its reason instead of an empty, "successful" answer.
 */
public final class AnsibleHook implements Hook {
    public static final String GROUP = "ansible";
    public static final String INVENTORY_ENV = "HEAT_ANSIBLE_INVENTORY";

    private final AnsiblePlaybook ansible;
    private final String defaultInventory;

    public AnsibleHook(AnsiblePlaybook ansible, String defaultInventory) {
        this.ansible = ansible;
        this.defaultInventory = defaultInventory == null || defaultInventory.isBlank()
                ? PlaybookInvocation.LOCAL_INVENTORY
                : defaultInventory;
    }

    /** Command from {@code HEAT_ANSIBLE_CMD}, default inventory from {@code HEAT_ANSIBLE_INVENTORY}. */
    public static AnsibleHook fromEnvironment(ProcessRunner runner, Map<String, String> env) {
        return new AnsibleHook(AnsiblePlaybook.fromEnvironment(runner, env), env.get(INVENTORY_ENV));
    }

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public HookResponse run(Deployment d, HookContext ctx) throws InterruptedException {
        Secrets secrets = DeploymentSecrets.of(d);
        String playbook = Json.asText(d.config());
        if (playbook.isBlank()) {
            return HookResponse.failure("ansible hook: deployment " + d.name() + " has an empty playbook (config)");
        }
        Path work = ctx.workingDir();
        Path playbookFile = work.resolve(d.id() + "_playbook.yaml");
        Path varsFile = work.resolve(d.id() + "_variables.json");
        try {
            AtomicFiles.ensureDirectory(work, AtomicFiles.DIR_0700);
            AtomicFiles.ensureDirectory(ctx.outputsDir(), AtomicFiles.DIR_0700);
            AtomicFiles.write(playbookFile, playbook, AtomicFiles.FILE_0600);
            OutputFiles.clear(ctx, d);
            AtomicFiles.write(varsFile, Json.write(variables(d, ctx)), AtomicFiles.FILE_0600);

            ObjectNode options = d.options();
            PlaybookInvocation invocation = new PlaybookInvocation(
                    inventory(options, work),
                    text(options, "modulepath", ":"),
                    text(options, "skip_tags", ","),
                    text(options, "tags", ","),
                    playbookFile,
                    varsFile);
            Map<String, String> env = new HashMap<>(ctx.environment());
            String callbacks = text(options, "callback_plugins", ":");
            if (callbacks != null) env.put("ANSIBLE_CALLBACK_PLUGINS", callbacks);

            Consumer<String> progress = line -> ctx.progress().accept(secrets.mask(line));
            ProcessResult r = ansible.run(invocation, work, env, ctx.timeout(), progress);
            String stderr = r.stderr();
            int code = r.exitCode();
            if (r.timedOut()) {
                stderr = ProcessResult.timedOutLine("ansible hook: ansible-playbook", ctx.timeout()) + "\n" + stderr;
                code = 124;
            } else if (code != 0) {
                String task = AnsibleOutput.failedTask(r.stdout()).orElse(null);
                stderr += "\nansible hook: ansible-playbook exited with " + code
                        + (task == null ? "" : "; failed task: " + task);
            }
            HookResponse response = HookResponse.of(secrets.mask(r.stdout()), secrets.mask(stderr), code);
            return OutputFiles.collect(response, ctx, d);
        } catch (AnsibleNotFoundException e) {
            return HookResponse.failure("ansible hook: " + e.getMessage());
        } catch (IOException e) {
            return HookResponse.failure(
                    secrets.mask("ansible hook: cannot run the playbook of " + d.name() + ": " + e.getMessage()));
        } finally {
            try {
                AtomicFiles.deleteDurably(varsFile);
            } catch (IOException ignored) {
                // Mode 0600 in a 0700 directory; the next run of the id replaces it.
            }
        }
    }

    /** Extra vars: the exported inputs (typed JSON), then {@code heat_config_id} and {@code heat_outputs_path}. */
    static ObjectNode variables(Deployment d, HookContext ctx) {
        ObjectNode vars = Json.object();
        HeatInputs.exported(d).forEach(vars::set);
        vars.put("heat_config_id", d.id());
        vars.put("heat_outputs_path", OutputFiles.outputsPath(ctx, d).toString());
        return vars;
    }

    private String inventory(ObjectNode options, Path work) {
        String inv = text(options, "inventory", ",");
        if (inv == null) return defaultInventory;
        if (inv.contains(",")) return inv;
        return work.resolve(inv).toString();
    }

    /** An option as text; a list is joined with {@code separator} (tags with commas, paths with colons). */
    private static String text(ObjectNode options, String name, String separator) {
        JsonNode v = options.get(name);
        if (v == null || v.isNull()) return null;
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            v.forEach(e -> sb.append(sb.isEmpty() ? "" : separator).append(e.asText()));
            return sb.isEmpty() ? null : sb.toString();
        }
        String s = Json.asText(v);
        return s.isBlank() ? null : s;
    }
}
