package dev.hearth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.ConfigException;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.http.HttpJson;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Json;
import dev.hearth.text.ControlCharacters;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hearth status [ID]}: the deployments the local agent knows, or one with its output, as text or JSON. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the deployments the local agent knows, newest first; with an ID, that deployment and "
                    + "the last lines of its hook's output.",
            "",
            "Asks the agent's HTTP API (GET /v1/deployments) and prints one line per deployment: its id, "
                    + "name, group, state (queued, running, succeeded, failed, interrupted), the hook's status "
                    + "code, the state of its signal to Heat (none, pending with the attempts so far, delivered, "
                    + "given_up) and when it finished. On a terminal, failed and interrupted deployments and "
                    + "given-up signals are shown in red; piped output is plain text.",
            "",
            "With an ID (GET /v1/deployments/ID) it shows that deployment's fields, the signal's attempts and "
                    + "last error, and the last --lines lines of the hook's stdout and stderr. The agent keeps "
                    + "the last 4000 characters of each, with the deployment's secrets masked; the whole "
                    + "output is in the agent's log (journalctl -u hearth-agent), each line tagged NAME (ID).",
            "",
            "The agent is found through --url, else http.url in the configuration, else http.listen; the "
                    + "bearer token is read from --token-file, else http.token_file (usually root-only)."
        },
        footer = {
            "",
            "Exit status: 0 when the agent answered, 1 when it could not be reached, refused the request or "
                    + "knows no deployment ID, 2 for a bad option.",
            "",
            "Examples:",
            "  hearth status",
            "  hearth status --json | jq '.[] | select(.state == \"failed\")'",
            "  hearth status 5f0c6a1e-8d7b-4b3a-9c1e-2a4d6f8b0c13 --lines 50",
            "  hearth status --url https://node1:8765 --token-file ~/.hearth-token"
        })
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    AgentOptions agent;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ID",
            description = "Show this deployment only, with its output.")
    String id;

    @Option(
            names = "--json",
            description =
                    "Print the agent's JSON answer, for scripts (with an ID: its output " + "tails cut to --lines).")
    boolean json;

    @Option(
            names = {"-n", "--lines"},
            paramLabel = "N",
            defaultValue = "20",
            description = "With an ID: how many of the last lines of stdout and of stderr to show; 0 shows all the "
                    + "agent kept (default: ${DEFAULT-VALUE}).")
    int lines;

    @Spec
    CommandSpec spec;

    private final BooleanSupplier colour;

    public StatusCommand() {
        this(Terminal::colourful);
    }

    StatusCommand(BooleanSupplier colour) {
        this.colour = colour;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (lines < 0) throw new CliException("--lines must be 0 or more, not " + lines, ExitCodes.BAD_INPUT);
        if (id != null) return one(out, err);
        try (AgentClient client = agent.connect()) {
            HttpResponse<String> r = client.get("/v1/deployments");
            if (r.statusCode() != 200) {
                err.println("hearth status: the agent at " + client.base() + " answered " + r.statusCode() + ": "
                        + dev.hearth.text.ControlCharacters.escape(ApiErrors.message(r.body()))
                        + client.refusalNote(r.statusCode()));
                return 1;
            }
            if (json) {
                out.println(r.body());
            } else {
                out.print(DeploymentTable.render(Json.parse(r.body()), colour.getAsBoolean()));
            }
            out.flush();
            return 0;
        } catch (CliException | ConfigException e) {
            err.println("hearth status: " + e.getMessage());
            return e instanceof CliException c ? c.exitCode() : 1;
        } catch (IOException | DocumentException e) {
            err.println("hearth status: the agent's answer is not a deployment list: " + e.getMessage());
            return 1;
        }
    }

    private int one(PrintWriter out, PrintWriter err) {
        try (AgentClient client = agent.connect()) {
            HttpResponse<String> r = client.get("/v1/deployments/" + pathSegment(id));
            if (r.statusCode() == 404) {
                err.println("hearth status: the agent at " + client.base() + " knows no deployment "
                        + ControlCharacters.escape(id) + " (hearth status lists those it knows)");
                return 1;
            }
            if (r.statusCode() != 200) {
                err.println("hearth status: the agent at " + client.base() + " answered " + r.statusCode() + ": "
                        + ControlCharacters.escape(ApiErrors.message(r.body())) + client.refusalNote(r.statusCode()));
                return 1;
            }
            if (!(HttpJson.mapper().readTree(r.body()) instanceof ObjectNode record)) {
                err.println("hearth status: the agent's answer is not a deployment");
                return 1;
            }
            if (json) {
                out.println(HttpJson.mapper().writeValueAsString(DeploymentDetail.trimmed(record, lines)));
            } else {
                out.print(
                        DeploymentDetail.render(HttpJson.mapper().treeToValue(record, DeploymentRecord.class), lines));
            }
            out.flush();
            return 0;
        } catch (CliException | ConfigException e) {
            err.println("hearth status: " + e.getMessage());
            return e instanceof CliException c ? c.exitCode() : 1;
        } catch (IOException e) {
            err.println("hearth status: the agent's answer is not a deployment: " + e.getMessage());
            return 1;
        }
    }

    /** An id is one path segment: anything else in it (a space, a slash) is percent-encoded. */
    private static String pathSegment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
