package dev.hearth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.ansible.AnsibleNotFoundException;
import dev.hearth.ansible.StepRunReport;
import dev.hearth.ansible.UpgradePlan;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import dev.hearth.json.Json;
import dev.hearth.role.MergedRole;
import dev.hearth.role.RoleDocument;
import dev.hearth.role.RoleException;
import dev.hearth.role.RoleReport;
import dev.hearth.role.RoleReportFormat;
import dev.hearth.role.StepRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.concurrent.Callable;

@Command(name = "update",
        description = {
                "Minor update of a role on this node: the services' update_tasks, steps 0-5 (one ansible-playbook "
                        + "run per step, each task's own 'when: step|int == N' picks its step), then the deploy "
                        + "steps as 'hearth deploy' runs them, so what the tasks changed is deployed.",
                "",
                "Finished task steps are remembered under the state directory: a run that failed continues "
                        + "after the last finished step; --from-step N runs from N again.",
                "",
                "Exit status: 0 done, 1 a step failed, 2 bad input or ansible-playbook missing."
        })
public final class UpdateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ROLE.yaml", description = "The role document (YAML or JSON).")
    Path file;

    @Option(names = "--steps", paramLabel = "RANGE", defaultValue = "1-5",
            description = "Deploy steps to run after the update tasks (default: ${DEFAULT-VALUE}).")
    String steps;

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
        SortedSet<Integer> selected;
        try {
            config = options.load();
            selected = StepRange.parse(steps);
            doc = RoleDocument.parse(Files.readString(file));
            if (taskSteps.fromStep != null && (taskSteps.fromStep < 0 || taskSteps.fromStep > UpgradePlan.LAST_STEP)) {
                throw new IllegalArgumentException("--from-step must be within 0-5");
            }
        } catch (ConfigException | RoleException | IllegalArgumentException e) {
            err.println("hearth update: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (NoSuchFileException e) {
            err.println("hearth update: " + file + ": no such file");
            return ExitCodes.BAD_INPUT;
        }
        MergedRole role = MergedRole.of(doc);
        boolean isBootstrap = taskSteps.isBootstrap(config);
        StepRunReport tasks;
        try {
            err.println("update_tasks of role " + role.name());
            tasks = RoleTasksCommand.run(config, doc, role, UpgradePlan.update(isBootstrap), taskSteps.fromStep,
                    taskSteps.keepPlaybooks, err);
        } catch (AnsibleNotFoundException e) {
            err.println("hearth update: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IllegalStateException e) {
            err.println("hearth update: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        RoleReport deployed = tasks.succeeded()
                ? DeployCommand.deploy(config, role, selected, isBootstrap, false, err) : null;
        if (taskSteps.json) {
            ObjectNode o = Json.object();
            o.set("update_tasks", RoleTasksCommand.json(tasks));
            if (deployed != null) o.set("deploy", RoleReportFormat.json(deployed)); else o.putNull("deploy");
            out.println(Json.writePretty(o));
        } else {
            RoleTasksCommand.table(tasks, out);
            if (deployed != null) RoleReportFormat.table(deployed, out);
            else if (!tasks.succeeded()) out.println("the deploy steps did not run: an update step failed");
        }
        return tasks.succeeded() && deployed != null && deployed.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
