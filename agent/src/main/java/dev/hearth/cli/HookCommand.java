package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.agent.BuiltinHooks;
import dev.hearth.config.AgentConfig;
import dev.hearth.deploy.HookContexts;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookResponse;
import dev.hearth.hook.InvalidDeploymentException;
import dev.hearth.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "hook",
        description = {
            "Run one deployment through a built-in hook, as a heat-config hook.",
            "",
            "Reads one deployment (a JSON object, as 55-heat-config passes it) on standard input, runs the "
                    + "built-in hook of GROUP and prints exactly one JSON object on standard output: "
                    + "deploy_stdout, deploy_stderr, deploy_status_code and the declared outputs. Logs go to "
                    + "standard error. So the Python agent can use Hearth's hooks: install a file "
                    + "/var/lib/heat-config/hooks/GROUP containing 'exec hearth hook GROUP'.",
            "",
            "Exit status: 0 when a result was printed (the status is in the JSON, as for every heat-config "
                    + "hook); 2 when the input is not a valid deployment or GROUP is not built in (a JSON "
                    + "object saying why is printed all the same)."
        })
public final class HookCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "GROUP",
            description = "The hook: script, docker-cmd, puppet, container-puppet, json-file, ansible.")
    String group;

    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        AgentConfig config = options.load();
        Hook hook =
                BuiltinHooks.createOne(config, SimpleMeterRegistry::new, group).orElse(null);
        if (hook == null) {
            return print(
                    HookResponse.of(
                            "",
                            "hearth hook: no built-in hook for group '" + group + "' (built in: "
                                    + String.join(", ", BuiltinHooks.groups()) + ")",
                            2),
                    ExitCodes.BAD_INPUT);
        }
        Deployment deployment;
        try {
            String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode node = Json.parse(input);
            deployment = Deployment.fromJson(node, "$");
        } catch (InvalidDeploymentException e) {
            return print(
                    HookResponse.of("", "hearth hook: invalid deployment: " + e.getMessage(), 2), ExitCodes.BAD_INPUT);
        } catch (RuntimeException e) {
            return print(
                    HookResponse.of("", "hearth hook: standard input is not a JSON deployment: " + rootMessage(e), 2),
                    ExitCodes.BAD_INPUT);
        }
        HookContexts contexts = new HookContexts(
                config.stateDir(),
                config.hooks().timeout(),
                System.getenv(),
                spec.commandLine().getErr()::println);
        HookResponse response = hook.run(deployment, contexts.forGroup(deployment.group()));
        return print(response, ExitCodes.OK);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    private int print(HookResponse r, int code) {
        spec.commandLine().getOut().println(Json.write(r.body()));
        spec.commandLine().getOut().flush();
        return code;
    }
}
