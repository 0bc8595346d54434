package dev.hearth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.ansible.AnsibleNotFoundException;
import dev.hearth.ansible.AnsiblePlaybook;
import dev.hearth.config.AgentConfig;
import dev.hearth.configvolume.ConfigVolumeSettings;
import dev.hearth.role.MergedRole;
import dev.hearth.role.RoleDocument;
import dev.hearth.role.RoleTasks;
import dev.hearth.role.step.StepReport;
import dev.hearth.role.step.StepRunOptions;
import dev.hearth.role.step.StepRunReport;
import dev.hearth.role.step.StepRunner;
import dev.hearth.role.step.UpgradePlan;
import dev.hearth.text.ControlCharacters;
import dev.hearth.text.TextTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** Runs a role's update / upgrade / fast-forward task steps with the step engine and prints them. */
final class RoleTasksCommand {
    private RoleTasksCommand() {}

    /** The state of step runs for {@code role} (what --from-step overrides). */
    static Path stateDir(AgentConfig config, String role) {
        return config.stateDir().resolve("steps").resolve(role);
    }

    static StepRunReport run(
            AgentConfig config,
            RoleDocument doc,
            MergedRole role,
            UpgradePlan plan,
            Integer fromStep,
            Path keepPlaybooks,
            PrintWriter progress)
            throws IOException, InterruptedException, AnsibleNotFoundException {
        String node = config.node().name() != null ? config.node().name() : ConfigVolumeSettings.shortHostname();
        StepRunner runner = new StepRunner(
                AnsiblePlaybook.fromEnvironment(dev.hearth.agent.BuiltinHooks.processRunner(config), System.getenv()),
                stateDir(config, role.name()),
                System.getenv());
        StepRunOptions options = StepRunOptions.defaults()
                .withFromStep(fromStep)
                .withKeepPlaybooks(keepPlaybooks)
                .withProgress(line -> progress.println("   | " + ControlCharacters.escape(line)));
        try {
            return runner.run(
                    plan,
                    RoleTasks.target(role, node, config.configVolumes().hieraDir()),
                    RoleTasks.of(doc, plan.kind()),
                    options);
        } catch (IllegalStateException e) {
            // The step engine's own refusals (e.g. a step state it cannot read): a failure, said plainly.
            throw new CliException(e.getMessage(), ExitCodes.FAILED);
        }
    }

    /** Whether any service of the role has tasks of {@code kind}. */
    static boolean has(RoleDocument doc, UpgradePlan.Kind kind) {
        return !RoleTasks.of(doc, kind).isEmpty();
    }

    static void table(StepRunReport r, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%n%s%s on %s: %s%n",
                r.kind(),
                r.release() == null ? "" : " (release " + r.release() + ")",
                r.nodeName(),
                r.succeeded() ? "succeeded" : "FAILED");
        TextTable table =
                new TextTable("STEP", "RESULT", "TIME", "NOTE").alignRight(0).alignRight(2);
        for (StepReport s : r.steps()) {
            table.row(
                    Integer.toString(s.step()),
                    s.status().name().toLowerCase(Locale.ROOT),
                    String.format(Locale.ROOT, "%.1f s", s.duration().toMillis() / 1000.0),
                    ControlCharacters.escape(
                            s.failedTask() != null
                                    ? "failed at task [" + s.failedTask() + "]: " + s.note()
                                    : s.note() == null ? "" : s.note()));
        }
        out.print(table.render());
        r.failedStep().ifPresent(f -> {
            if (f.outputTail() != null)
                f.outputTail().lines().forEach(l -> out.println("  | " + ControlCharacters.escape(l)));
        });
    }

    static ObjectNode json(StepRunReport r) {
        return r.toJson();
    }
}
