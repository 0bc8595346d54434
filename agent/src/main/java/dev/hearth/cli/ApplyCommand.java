package dev.hearth.cli;

import dev.hearth.agent.AgentRuntime;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.Durations;
import dev.hearth.deploy.MetadataDocument;
import dev.hearth.deploy.MetadataReader;
import dev.hearth.deploy.Outcome;
import dev.hearth.deploy.SignalService;
import dev.hearth.json.Json;
import dev.hearth.text.ControlCharacters;
import dev.hearth.text.TextTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "apply",
        description = {
            "Do one pass over a metadata document, exactly as the daemon would, then exit.",
            "",
            "METADATA.json is what a collector returns or a control plane pushes: {\"deployments\": [...]} "
                    + "or the bare list. Each deployment whose id has not run on this node yet runs through "
                    + "its hook, in document order; its marker is written under the state directory and its "
                    + "signal is sent over its transport, retried for at most --signal-wait. Only the signals "
                    + "of this document are waited for; those still pending then are listed and stay in the "
                    + "outbox for the daemon, and a signal that can never succeed (not an http(s) URL, a "
                    + "non-retryable 4xx such as 404) is given up at once with its reason. Heat::Ungrouped and os-apply-config "
                    + "deployments are data and do not run. The document replaces the previous `hearth apply` "
                    + "document of this state directory; the docker-cmd hook then removes the containers "
                    + "this state directory created for deployments that none of its sources lists any more.",
            "",
            "Exit status: 0 when every deployment that ran succeeded (or nothing had to run), 1 when any "
                    + "failed, 2 on bad input (a file that cannot be read or parsed, an invalid deployment, "
                    + "an invalid configuration)."
        })
public final class ApplyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "METADATA.json", description = "The metadata document ('-' for standard input).")
    String file;

    @Option(
            names = "--signal-wait",
            paramLabel = "DURATION",
            defaultValue = "60s",
            description = "How long to keep retrying this document's signals before exiting; what is still "
                    + "pending then is left to the agent (default: ${DEFAULT-VALUE}).")
    String signalWait;

    @Option(names = "--json", description = "Print the outcome of each deployment as JSON.")
    boolean json;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration wait;
        try {
            wait = Durations.parse(signalWait);
        } catch (RuntimeException e) {
            throw new CliException("--signal-wait: " + e.getMessage(), ExitCodes.BAD_INPUT);
        }
        AgentConfig config = options.load();
        MetadataDocument doc =
                MetadataDocument.parse(CommandInput.metadata(file, System.in, new MetadataReader(config.limits())));
        try (AgentRuntime runtime = AgentRuntime.open(
                config,
                new SimpleMeterRegistry(),
                line -> err.println("  | " + ControlCharacters.escape(line)),
                null)) {
            runtime.recoveryReport().forEach(line -> err.println("recovered: " + line));
            List<Outcome> outcomes = runtime.pipeline().process(new MetadataDocument.Tolerant(doc, List.of()), "apply");
            List<String> ran =
                    outcomes.stream().filter(Outcome::ran).map(Outcome::id).toList();
            List<SignalService.Queued> queued = runtime.signals().drain(ran, wait);
            if (json) {
                out.println(Json.writePretty(Json.mapper().valueToTree(outcomes)));
            } else {
                print(out, outcomes, queued.size());
            }
            for (String id : ran) {
                runtime.signals()
                        .givenUp(id)
                        .ifPresent(reason -> err.println("signal of " + ControlCharacters.escape(id) + " given up: "
                                + ControlCharacters.escape(reason)));
            }
            for (SignalService.Queued q : queued) {
                err.println("signal of "
                        + (q.deploymentName() == null ? "" : ControlCharacters.escape(q.deploymentName()) + " ")
                        + "(" + ControlCharacters.escape(q.deploymentId()) + ", "
                        + q.transport() + ") not delivered within " + signalWait + ", stays queued for the agent"
                        + (q.lastError() == null ? "" : ": " + q.lastError()));
            }
            return outcomes.stream().anyMatch(Outcome::failed) ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    private static void print(PrintWriter out, List<Outcome> outcomes, int pending) {
        int ran = 0;
        int failed = 0;
        TextTable table = new TextTable("RESULT", "NAME", "GROUP", "ID", "DETAIL");
        for (Outcome o : outcomes) {
            String mark;
            if (!o.ran()) {
                mark = "skip";
            } else if (o.failed()) {
                mark = "FAIL";
                failed++;
                ran++;
            } else {
                mark = "ok";
                ran++;
            }
            String detail = o.ran() ? "status " + o.statusCode() + (o.note() != null ? ": " + o.note() : "") : o.note();
            table.row(mark, o.name(), o.group(), o.id(), detail);
        }
        if (!table.isEmpty()) out.print(table.render());
        out.printf(
                "%d deployment(s) in the document, %d ran, %d failed%s%n",
                outcomes.size(),
                ran,
                failed,
                pending > 0
                        ? "; " + pending + " signal(s) still queued in the outbox (the agent will deliver them)"
                        : "");
    }
}
