package dev.hearth.cli;

import dev.hearth.config.AgentConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options `hearth update` and `hearth upgrade` share for running a role's task steps. */
public final class TaskStepOptions {
    @Option(
            names = "--from-step",
            paramLabel = "N",
            description = "Run the task steps from step N again, whatever ran before (otherwise a re-run continues "
                    + "after the last finished step).")
    Integer fromStep;

    @Option(
            names = "--keep-playbooks",
            paramLabel = "DIR",
            description = "Also write each step's playbook and vars here (secrets masked).")
    Path keepPlaybooks;

    @Option(
            names = "--bootstrap",
            negatable = true,
            description = "This node is the role's bootstrap node. Default: node.bootstrap from the configuration.")
    Boolean bootstrap;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    /** --from-step, when given, within the plan's steps; otherwise bad input. */
    void checkFromStep(int first, int last) {
        if (fromStep != null && (fromStep < first || fromStep > last)) {
            throw new CliException("--from-step must be within " + first + "-" + last, ExitCodes.BAD_INPUT);
        }
    }

    boolean isBootstrap(AgentConfig config) {
        return bootstrap != null ? bootstrap : config.node().bootstrap();
    }
}
