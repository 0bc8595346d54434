package dev.hearth.cli;

import dev.hearth.collect.MetadataCollection;
import dev.hearth.config.AgentConfig;
import dev.hearth.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "collect",
        description = {
            "Poll the configured collectors once and print what they return; run nothing.",
            "",
            "Prints one JSON object: the merged metadata (as the agent would process it) under \"merged\", "
                    + "and each collector's outcome (changed, unchanged, unavailable, not_configured) and error "
                    + "under \"collectors\". Secrets in errors are masked.",
            "",
            "Exit status: 0 when at least one collector answered, 1 when none did, 2 on an invalid configuration."
        })
public final class CollectCommand implements Callable<Integer> {
    @Option(
            names = "--print",
            description = "Print the collected metadata (the only mode; kept for os-collect-config users).")
    boolean print;

    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AgentConfig config = options.load();
        MetadataCollection collection =
                MetadataCollection.fromConfig(config, new SimpleMeterRegistry(), Clock.systemUTC());
        MetadataCollection.Result result = collection.collect();
        var out = Json.object();
        out.set("merged", result.merged());
        var list = out.putArray("collectors");
        for (MetadataCollection.CollectorResult r : result.results()) {
            var o = list.addObject();
            o.put("collector", r.collector());
            o.put("outcome", r.outcome().tag());
            if (r.error() != null) o.put("error", r.error());
        }
        spec.commandLine().getOut().println(Json.writePretty(out));
        spec.commandLine().getOut().flush();
        return result.anyAnswered() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
