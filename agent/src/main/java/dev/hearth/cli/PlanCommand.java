package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.docker.ContainerPlan;
import dev.hearth.docker.DockerCmdHook;
import dev.hearth.docker.DockerConfigException;
import dev.hearth.docker.DockerHookSettings;
import dev.hearth.docker.PlanAction;
import dev.hearth.hook.Deployment;
import dev.hearth.json.Json;
import dev.hearth.text.ControlCharacters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hearth plan METADATA.json}: what converging the docker-cmd deployments would do; touches nothing. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Show what the docker-cmd deployments of a metadata document would create, replace "
                + "(with the differing keys), keep and remove (only containers this state directory created, "
                + "as the agent's cleanup), without touching anything.")
public final class PlanCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "METADATA.json",
            description = "metadata document ({\"deployments\": [...]}), a list of deployments, or one deployment")
    Path metadata;

    @Mixin
    ConfigOptions options;

    @Option(
            names = "--docker-host",
            description =
                    "Engine API address (default: docker.host, else DOCKER_HOST, else /var/run/docker.sock, else /run/podman/podman.sock)")
    String dockerHost;

    @Option(names = "--json", description = "print the plan as JSON")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public PlanCommand() {}

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public Integer call() throws Exception {
        List<Deployment> deployments = deployments(Json.parse(Files.readString(metadata)));
        dev.hearth.config.AgentConfig config = options.load();
        DockerHookSettings settings = DockerAccess.settings(config, dockerHost);
        int rc = 0;
        ArrayNode out = Json.nodes().arrayNode();
        try (DockerCmdHook hook = DockerCmdHook.connect(
                settings,
                System.getenv(),
                new SimpleMeterRegistry(),
                dev.hearth.agent.BuiltinHooks.configHashes(config))) {
            ContainerPlan cleanup;
            try {
                // The same scope as the agent's cleanup: only what this state directory created.
                cleanup = hook.planCleanup(
                        deployments,
                        dev.hearth.agent.BuiltinHooks.metadataScope(deployments),
                        DeployCheck.markerIds(config.stateDir())::contains);
            } catch (RuntimeException e) {
                throw DockerAccess.explain(e, settings, System.getenv());
            }
            print(out, "cleanup", cleanup, null);
            for (Deployment d : deployments) {
                if (!DockerCmdHook.GROUP.equals(d.group())) continue;
                try {
                    print(out, d.name() + " (" + d.id() + ")", hook.plan(d, System.getenv()), null);
                } catch (DockerConfigException e) {
                    rc = 1;
                    print(out, d.name() + " (" + d.id() + ")", null, e.problems());
                }
            }
        }
        if (json) out().println(Json.writePretty(out));
        out().flush();
        return rc;
    }

    private void print(ArrayNode out, String title, ContainerPlan plan, List<String> problems) {
        if (json) {
            ObjectNode o = out.addObject();
            o.put("deployment", title);
            if (problems != null) {
                problems.forEach(o.putArray("errors")::add);
                return;
            }
            ArrayNode actions = o.putArray("actions");
            for (PlanAction a : plan.actions()) {
                ObjectNode n = actions.addObject();
                n.put("action", a.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
                n.put("container", a.container());
                n.put("start_order", a.startOrder());
                n.put("description", a.describe());
                if (a instanceof PlanAction.Replace r)
                    r.differingKeys().stream().sorted().forEach(n.putArray("differing_keys")::add);
            }
            plan.drift().forEach(d -> o.withArray("drift").add(d.toString()));
            return;
        }
        if (plan != null && plan.actions().isEmpty() && title.equals("cleanup")) return;
        out().println(ControlCharacters.escape(title) + ":");
        if (problems != null) {
            problems.forEach(p -> out().println("  error: " + ControlCharacters.escape(p)));
        } else if (plan.actions().isEmpty()) {
            out().println("  nothing to do");
        } else {
            plan.describe().forEach(l -> out().println("  " + ControlCharacters.escape(l)));
        }
    }

    static List<Deployment> deployments(JsonNode doc) {
        JsonNode list = doc.isArray() ? doc : doc.has("deployments") ? doc.get("deployments") : null;
        List<Deployment> out = new ArrayList<>();
        if (list == null) {
            out.add(Deployment.fromJson(doc, "$"));
            return out;
        }
        for (int i = 0; i < list.size(); i++) out.add(Deployment.fromJson(list.get(i), "$.deployments[" + i + "]"));
        return out;
    }
}
