package dev.hearth.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hearth.config.ConfigException;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.http.HttpJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/** {@code hearth status}: the deployments the local agent knows, as a table or as JSON. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {
                "Show the deployments the local agent knows, newest first.",
                "",
                "Asks the agent's HTTP API (GET /v1/deployments) and prints one line per deployment: its id, "
                        + "name, group, state (queued, running, succeeded, failed, interrupted), the hook's status "
                        + "code, the state of its signal to Heat (none, pending with the attempts so far, delivered, "
                        + "given_up) and when it finished. On a terminal, failed and interrupted deployments and "
                        + "given-up signals are shown in red; piped output is plain text.",
                "",
                "The agent is found through --url, else http.url in the configuration, else http.listen; the "
                        + "bearer token is read from --token-file, else http.token_file (usually root-only)."},
        footer = {"",
                "Exit status: 0 when the agent answered, 1 when it could not be reached or refused the request.",
                "",
                "Examples:",
                "  hearth status",
                "  hearth status --json | jq '.[] | select(.state == \"failed\")'",
                "  hearth status --url https://node1:8765 --token-file ~/.hearth-token"})
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    AgentOptions agent;

    @Option(names = "--json", description = "Print the agent's JSON answer unchanged, for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final BooleanSupplier colour;

    public StatusCommand() { this(Terminal::colourful); }

    StatusCommand(BooleanSupplier colour) { this.colour = colour; }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (AgentClient client = agent.connect()) {
            HttpResponse<String> r = client.get("/v1/deployments");
            if (r.statusCode() != 200) {
                err.println("hearth status: the agent at " + client.base() + " answered " + r.statusCode() + ": "
                        + dev.hearth.text.ControlCharacters.escape(ApiErrors.message(r.body())) + client.refusalNote(r.statusCode()));
                return 1;
            }
            if (json) {
                out.println(r.body());
            } else {
                List<DeploymentRecord> records = HttpJson.mapper().readValue(r.body(), new TypeReference<>() {});
                out.print(DeploymentTable.render(records, colour.getAsBoolean()));
            }
            out.flush();
            return 0;
        } catch (CliException | ConfigException e) {
            err.println("hearth status: " + e.getMessage());
            return e instanceof CliException c ? c.exitCode() : 1;
        } catch (IOException e) {
            err.println("hearth status: the agent's answer is not a deployment list: " + e.getMessage());
            return 1;
        }
    }
}
