package dev.hearth.cli;

import dev.hearth.ansible.AnsibleNotFoundException;
import dev.hearth.ansible.StepRunReport;
import dev.hearth.ansible.UpgradePlan;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import dev.hearth.json.Json;
import dev.hearth.role.MergedRole;
import dev.hearth.role.RoleDocument;
import dev.hearth.role.RoleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "upgrade",
        description = {
                "Major upgrade of a role on this node: the services' upgrade_tasks (steps 0-5) or, with --tasks ffu, "
                        + "their fast_forward_upgrade_tasks (prep steps 1-3 on every node, steps 4-9 only on the "
                        + "bootstrap node), one ansible-playbook run per step, stopping at the first failure. The "
                        + "target release is the tasks' var 'release'. Run 'hearth deploy' afterwards.",
                "",
                "Finished steps are remembered under the state directory: a run that failed continues after "
                        + "the last finished step; --from-step N runs from N again.",
                "",
                "Exit status: 0 done, 1 a step failed, 2 bad input or ansible-playbook missing."
        })
public final class UpgradeCommand implements Callable<Integer> {
    public enum Tasks { upgrade, ffu }

    @Parameters(paramLabel = "ROLE.yaml", description = "The role document (YAML or JSON).")
    Path file;

    @Option(names = "--release", paramLabel = "NAME", required = true, description = "The release upgraded to.")
    String release;

    @Option(names = "--tasks", paramLabel = "KIND", defaultValue = "upgrade",
            description = "upgrade (upgrade_tasks, default) or ffu (fast_forward_upgrade_tasks).")
    Tasks tasks;

    @Mixin
    TaskStepOptions taskSteps;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        AgentConfig config;
        RoleDocument doc;
        UpgradePlan plan;
        try {
            config = options.load();
            doc = RoleDocument.parse(Files.readString(file));
            boolean isBootstrap = taskSteps.isBootstrap(config);
            plan = tasks == Tasks.ffu ? UpgradePlan.fastForward(release, isBootstrap)
                    : UpgradePlan.upgrade(release, isBootstrap);
            if (taskSteps.fromStep != null && (taskSteps.fromStep < plan.firstStep() || taskSteps.fromStep > plan.lastStep())) {
                throw new IllegalArgumentException("--from-step must be within " + plan.firstStep() + "-" + plan.lastStep());
            }
        } catch (ConfigException | RoleException | IllegalArgumentException e) {
            err.println("hearth upgrade: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (NoSuchFileException e) {
            err.println("hearth upgrade: " + file + ": no such file");
            return ExitCodes.BAD_INPUT;
        }
        MergedRole role = MergedRole.of(doc);
        StepRunReport report;
        try {
            err.println(plan.kind().roleDataKey() + " of role " + role.name() + " to release " + release);
            report = RoleTasksCommand.run(config, doc, role, plan, taskSteps.fromStep, taskSteps.keepPlaybooks, err);
        } catch (AnsibleNotFoundException e) {
            err.println("hearth upgrade: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IllegalStateException e) {
            err.println("hearth upgrade: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        if (taskSteps.json) out.println(Json.writePretty(RoleTasksCommand.json(report)));
        else RoleTasksCommand.table(report, out);
        return report.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
