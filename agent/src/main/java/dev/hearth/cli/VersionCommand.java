package dev.hearth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "version", description = "Print Hearth's version and the Java runtime it runs on.")
public final class VersionCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--json", description = "Print {\"version\": ..., \"java\": ...} for scripts.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() { return dev.hearth.metrics.BuildInfo.version(); }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json) {
            var o = dev.hearth.json.Json.object();
            o.put("version", version());
            o.put("java", Runtime.version().toString());
            out.println(dev.hearth.json.Json.writePretty(o));
        } else {
            out.println("hearth " + version() + " (Java " + Runtime.version() + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }

    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() { return new String[] {"hearth " + version()}; }
    }
}
