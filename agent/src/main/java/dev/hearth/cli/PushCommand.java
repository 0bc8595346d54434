package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.config.ConfigException;
import dev.hearth.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hearth push}: hands a metadata document to an agent, as the control plane would. */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Send a metadata document to an agent (POST /v1/metadata).",
            "",
            "METADATA.json has the shape a collector returns: {\"deployments\": [...]}, each item a Heat "
                    + "derived software config (id, group, name, config, inputs, options, outputs). The agent "
                    + "validates the whole document before accepting any of it and runs each deployment id at "
                    + "most once, whether it arrived by push or by polling. Use - to read the document from "
                    + "standard input.",
            "",
            "Prints the ids the agent accepted to run, one a line (ids it already ran, and data-only groups, "
                    + "are not listed)."
        },
        footer = {
            "",
            "Exit status: 0 when the agent accepted the document (HTTP 202); 2 when it refused it as invalid "
                    + "(HTTP 400; the message names the JSON path of the first problem); 1 when the agent "
                    + "could not be reached or answered anything else.",
            "",
            "Examples:",
            "  hearth push deployments.json",
            "  hearth push --url https://node1:8765 --token-file token deployments.json"
        })
public final class PushCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "METADATA.json",
            description = "The metadata document (- for standard input).")
    String file;

    @Mixin
    AgentOptions agent;

    @picocli.CommandLine.Option(
            names = "--json",
            description = "Print the agent's answer ({\"accepted\": [ids]}) as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    public PushCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            byte[] document = read();
            try (AgentClient client = agent.connect()) {
                HttpResponse<String> r = client.post("/v1/metadata", document);
                return switch (r.statusCode()) {
                    case 202 -> {
                        JsonNode answer = Json.mapper().readTree(r.body());
                        JsonNode accepted = answer.path("accepted");
                        if (json) {
                            var o = Json.object();
                            o.set(
                                    "accepted",
                                    accepted.isArray() ? accepted : Json.nodes().arrayNode());
                            out.println(Json.writePretty(o));
                        } else {
                            accepted.forEach(id -> out.println(id.asText()));
                        }
                        if (accepted.isEmpty() && !json) err.println("hearth push: accepted; nothing new to run");
                        out.flush();
                        yield 0;
                    }
                    case 400 -> {
                        err.println("hearth push: the agent refused the document: " + ApiErrors.message(r.body()));
                        yield 2;
                    }
                    default -> {
                        err.println("hearth push: the agent at " + client.base() + " answered " + r.statusCode() + ": "
                                + ApiErrors.message(r.body()) + client.refusalNote(r.statusCode()));
                        yield 1;
                    }
                };
            }
        } catch (CliException | ConfigException e) {
            err.println("hearth push: " + e.getMessage());
            return e instanceof CliException c ? c.exitCode() : 1;
        } catch (IOException e) {
            err.println("hearth push: unexpected answer from the agent: " + e.getMessage());
            return 1;
        }
    }

    private byte[] read() {
        try {
            return file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file");
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage());
        }
    }
}
