package dev.hearth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.config.AgentConfig;
import dev.hearth.json.Json;
import dev.hearth.role.MergedRole;
import dev.hearth.role.RoleDocument;
import dev.hearth.role.RoleReport;
import dev.hearth.role.RoleReportFormat;
import dev.hearth.role.step.StepRunReport;
import dev.hearth.role.step.UpgradePlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "update",
        description = {
            "Minor update of a role on this node: the services' update_tasks, steps 0-5 (one ansible-playbook "
                    + "run per step, each task's own 'when: step|int == N' picks its step), then the deploy "
                    + "steps as 'hearth deploy' runs them, so what the tasks changed is deployed, then the "
                    + "services' post_update_tasks, steps 0-3.",
            "",
            "Finished task steps are remembered under the state directory: a run that failed continues "
                    + "after the last finished step; --from-step N runs from N again.",
            "",
            "Exit status: 0 done, 1 a step failed, 2 bad input or ansible-playbook missing."
        })
public final class UpdateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ROLE.yaml", description = "The role document (YAML or JSON).")
    Path file;

    @Option(
            names = "--steps",
            paramLabel = "RANGE",
            defaultValue = "1-5",
            description = "Deploy steps to run after the update tasks (default: ${DEFAULT-VALUE}).")
    String steps;

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
        SortedSet<Integer> selected = CommandInput.steps(steps);
        RoleDocument doc = RoleDocument.parse(Files.readString(file));
        taskSteps.checkFromStep(0, UpgradePlan.LAST_STEP);
        MergedRole role = MergedRole.of(doc);
        boolean isBootstrap = taskSteps.isBootstrap(config);
        err.println("update_tasks of role " + role.name());
        StepRunReport tasks = RoleTasksCommand.run(
                config, doc, role, UpgradePlan.update(isBootstrap), taskSteps.fromStep, taskSteps.keepPlaybooks, err);
        RoleReport deployed =
                tasks.succeeded() ? DeployCommand.deploy(config, role, selected, isBootstrap, false, err) : null;
        StepRunReport post = null;
        if (deployed != null && deployed.succeeded() && RoleTasksCommand.has(doc, UpgradePlan.Kind.POST_UPDATE)) {
            err.println("post_update_tasks of role " + role.name());
            post = RoleTasksCommand.run(
                    config, doc, role, UpgradePlan.postUpdate(isBootstrap), null, taskSteps.keepPlaybooks, err);
        }
        if (taskSteps.json) {
            ObjectNode o = Json.object();
            o.set("update_tasks", RoleTasksCommand.json(tasks));
            if (deployed != null) o.set("deploy", RoleReportFormat.json(deployed));
            else o.putNull("deploy");
            if (post != null) o.set("post_update_tasks", RoleTasksCommand.json(post));
            else o.putNull("post_update_tasks");
            out.println(Json.writePretty(o));
        } else {
            RoleTasksCommand.table(tasks, out);
            if (deployed != null) out.print(RoleReportFormat.table(deployed));
            else if (!tasks.succeeded()) out.println("the deploy steps did not run: an update step failed");
            if (post != null) RoleTasksCommand.table(post, out);
        }
        return tasks.succeeded() && deployed != null && deployed.succeeded() && (post == null || post.succeeded())
                ? ExitCodes.OK
                : ExitCodes.FAILED;
    }
}
