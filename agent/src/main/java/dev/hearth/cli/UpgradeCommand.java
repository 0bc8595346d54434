package dev.hearth.cli;

import dev.hearth.config.AgentConfig;
import dev.hearth.json.Json;
import dev.hearth.role.MergedRole;
import dev.hearth.role.RoleDocument;
import dev.hearth.role.step.StepRunReport;
import dev.hearth.role.step.UpgradePlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "upgrade",
        description = {
            "Major upgrade of a role on this node: the services' upgrade_tasks (steps 0-5) or, with --tasks ffu, "
                    + "their fast_forward_upgrade_tasks (prep steps 1-3 on every node, steps 4-9 only on the "
                    + "bootstrap node), one ansible-playbook run per step, stopping at the first failure. The "
                    + "target release is the tasks' var 'release'. After upgrade_tasks, the services' "
                    + "post_upgrade_tasks, steps 0-3. Run 'hearth deploy' afterwards.",
            "",
            "Finished steps are remembered under the state directory: a run that failed continues after "
                    + "the last finished step; --from-step N runs from N again.",
            "",
            "Exit status: 0 done, 1 a step failed, 2 bad input or ansible-playbook missing."
        })
public final class UpgradeCommand implements Callable<Integer> {
    public enum Tasks {
        upgrade,
        ffu
    }

    @Parameters(paramLabel = "ROLE.yaml", description = "The role document (YAML or JSON).")
    Path file;

    @Option(names = "--release", paramLabel = "NAME", required = true, description = "The release upgraded to.")
    String release;

    @Option(
            names = "--tasks",
            paramLabel = "KIND",
            defaultValue = "upgrade",
            description = "upgrade (upgrade_tasks, default) or ffu (fast_forward_upgrade_tasks).")
    Tasks tasks;

    @Mixin
    TaskStepOptions taskSteps;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AgentConfig config = options.load();
        RoleDocument doc = RoleDocument.parse(Files.readString(file));
        boolean isBootstrap = taskSteps.isBootstrap(config);
        UpgradePlan plan = tasks == Tasks.ffu
                ? UpgradePlan.fastForward(release, isBootstrap)
                : UpgradePlan.upgrade(release, isBootstrap);
        taskSteps.checkFromStep(plan.firstStep(), plan.lastStep());
        MergedRole role = MergedRole.of(doc);
        err.println(plan.kind().roleDataKey() + " of role " + role.name() + " to release " + release);
        StepRunReport report =
                RoleTasksCommand.run(config, doc, role, plan, taskSteps.fromStep, taskSteps.keepPlaybooks, err);
        StepRunReport post = null;
        if (report.succeeded() && tasks == Tasks.upgrade && RoleTasksCommand.has(doc, UpgradePlan.Kind.POST_UPGRADE)) {
            err.println("post_upgrade_tasks of role " + role.name());
            post = RoleTasksCommand.run(
                    config,
                    doc,
                    role,
                    UpgradePlan.postUpgrade(release, isBootstrap),
                    null,
                    taskSteps.keepPlaybooks,
                    err);
        }
        if (taskSteps.json) {
            com.fasterxml.jackson.databind.node.ObjectNode o = RoleTasksCommand.json(report);
            if (post != null) o.set("post_upgrade_tasks", RoleTasksCommand.json(post));
            out.println(Json.writePretty(o));
        } else {
            RoleTasksCommand.table(report, out);
            if (post != null) RoleTasksCommand.table(post, out);
        }
        return report.succeeded() && (post == null || post.succeeded()) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
