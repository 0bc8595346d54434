package dev.hearth.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookRegistry;
import dev.hearth.hook.external.ExternalHook;
import dev.hearth.hook.external.HookLocator;
import dev.hearth.process.ProcessRunner;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Decides what a deployment is: data, nothing to do, a hook to run, or a group nobody serves. */
public final class HookResolver {
    /** Groups whose config is data for os-apply-config, never run and never signalled (docs/heat-protocol.md#markers-and-re-runs). */
    public static final Set<String> DATA_GROUPS = Set.of(Deployment.UNGROUPED, "os-apply-config");

    public sealed interface Resolution {}

    /** A data-only deployment. */
    public record Data() implements Resolution {}

    /** Nothing to run and nobody waits (a component without a config for this action). */
    public record Skip(String reason) implements Resolution {}

    /** Run {@code deployment} (component-resolved) through {@code hook}. */
    public record Run(Deployment deployment, Hook hook) implements Resolution {}

    /** No built-in hook and no executable in the hook directories. */
    public record NoHook(Deployment deployment, String reason) implements Resolution {}

    private final HookRegistry builtins;
    private final HookLocator locator;
    private final ProcessRunner runner;

    public HookResolver(HookRegistry builtins, HookLocator locator, ProcessRunner runner) {
        this.builtins = builtins;
        this.locator = locator;
        this.runner = runner;
    }

    public Resolution resolve(Deployment d) {
        if (DATA_GROUPS.contains(d.group())) return new Data();
        Deployment target = d;
        if (d.group().equals("component")) {
            Optional<Deployment> resolved = resolveComponent(d);
            if (resolved.isEmpty()) {
                return new Skip("component " + d.name() + " has no config for action " + d.deployAction());
            }
            target = resolved.get();
            if (DATA_GROUPS.contains(target.group())) return new Data();
        }
        Optional<Hook> builtin = builtins.find(target.group());
        if (builtin.isPresent()) return new Run(target, builtin.get());
        Optional<Path> exe = locator.find(target.group());
        if (exe.isPresent()) return new Run(target, new ExternalHook(target.group(), exe.get(), runner));
        return new NoHook(
                target,
                "no hook for group '" + target.group() + "': not built in, and no executable named '"
                        + HookLocator.sanitise(target.group()) + "' in " + locator.directories());
    }

    /** A SoftwareComponent: the first of {@code config.configs} whose actions include the deploy action. */
    static Optional<Deployment> resolveComponent(Deployment d) {
        JsonNode configs = d.config().path("configs");
        if (!configs.isArray()) return Optional.empty();
        String action = d.deployAction();
        for (JsonNode cfg : configs) {
            JsonNode actions = cfg.path("actions");
            boolean matches = false;
            if (actions.isArray())
                for (JsonNode a : actions) matches |= a.asText().equals(action);
            else if (actions.isMissingNode()) matches = action.equals("CREATE") || action.equals("UPDATE");
            if (matches) {
                return Optional.of(d.withGroupAndConfig(cfg.path("tool").asText("script"), cfg.path("config")));
            }
        }
        return Optional.empty();
    }

    public HookRegistry builtins() {
        return builtins;
    }
}
