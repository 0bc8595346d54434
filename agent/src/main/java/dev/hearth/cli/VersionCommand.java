package dev.hearth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "version", description = "Print Hearth's version and the Java runtime it runs on.")
public final class VersionCommand implements Callable<Integer> {

    static String version() { return dev.hearth.metrics.BuildInfo.version(); }

    @Override
    public Integer call() {
        System.out.println("hearth " + version() + " (Java " + Runtime.version() + ")");
        return ExitCodes.OK;
    }

    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() { return new String[] {"hearth " + version()}; }
    }
}
