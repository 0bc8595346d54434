package dev.hearth.configvolume;

import dev.hearth.hook.Deployment;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.hook.InvalidDeploymentException;
import java.util.List;
import java.util.Optional;

/**
 * Group {@code container-puppet-tasks} (alias {@code docker-puppet-tasks}): runs a step's
 * bootstrap tasks on the bootstrap node only, see {@link BootstrapTasks} for the inputs
 * ({@code step} required; {@code is_bootstrap}, {@code bootstrap_node}, {@code net_host} optional).
 * Entries are grouped like config volumes and run with {@code NO_ARCHIVE=true} and {@code STEP=N};
 * nothing below the config-data prefix is touched.
 */
public final class BootstrapTasksHook implements Hook {
    public static final String GROUP = "container-puppet-tasks";
    public static final List<String> ALIASES = List.of("docker-puppet-tasks");

    private final ConfigVolumeGenerator generator;

    public BootstrapTasksHook(ConfigVolumeGenerator generator) {
        this.generator = generator;
    }

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public HookResponse run(Deployment d, HookContext ctx) throws InterruptedException {
        int step;
        boolean netHost;
        ConfigVolumeGrouping.Result grouping;
        BootstrapTasks.Decision decision;
        try {
            if (ConfigVolumeHook.text(d, "step").isEmpty()) {
                throw new InvalidDeploymentException("$.inputs.step", "is required for bootstrap tasks");
            }
            step = ConfigVolumeHook.intInput(d, "step", 0);
            netHost = ConfigVolumeHook.boolInput(
                    d, "net_host", generator.settings().netHost());
            decision = BootstrapTasks.decide(d, generator.settings());
            grouping = ConfigVolumeGrouping.group(BootstrapTasks.entries(d.config(), step), Optional.empty());
        } catch (InvalidDeploymentException e) {
            return HookResponse.failure("container-puppet-tasks: " + e.getMessage() + "\n");
        }
        if (!decision.run()) {
            return HookResponse.of("bootstrap tasks of step " + step + " skipped: " + decision.reason() + "\n", "", 0);
        }
        if (grouping.volumes().isEmpty()) {
            return HookResponse.of(
                    "no bootstrap tasks for step " + step + "\n", ConfigVolumeHook.lines(grouping.warnings()), 0);
        }
        ConfigVolumeGenerator.Report report = generator.generate(
                grouping.volumes(), new ConfigVolumeGenerator.RunOptions(step, true, netHost), ctx.progress());
        HookResponse r = ConfigVolumeHook.respond(report, grouping.warnings());
        return HookResponse.of(
                "bootstrap tasks of step " + step + " ran: " + decision.reason() + "\n" + r.stdout(),
                r.stderr(),
                r.statusCode());
    }
}
