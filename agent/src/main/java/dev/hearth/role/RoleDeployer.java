package dev.hearth.role;

import dev.hearth.ansible.AnsibleHook;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentState;
import dev.hearth.deploy.DeploymentStore;
import dev.hearth.deploy.MetadataDocument;
import dev.hearth.deploy.Outcome;
import dev.hearth.deploy.Pipeline;
import dev.hearth.docker.ActionResult;
import dev.hearth.docker.DockerCmdHook;
import dev.hearth.docker.PlanAction;
import dev.hearth.firewall.FirewallApplier;
import dev.hearth.firewall.FirewallRule;
import dev.hearth.hook.Deployment;
import dev.hearth.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * Brings a role up on this node (docs/roles.md#order-on-a-node): pre, then each selected step,
 * every phase as synthetic deployments through the agent's pipeline (markers, status API and
 * metrics as for the daemon; {@link StepMeters} counts each phase as a step), stopping at the first deployment that
 * fails: the rest of its phase and the later phases do not run.
 * Pre starts with the role's config scripts written ({@link ConfigScripts}) and its firewall rules
 * applied ({@link FirewallApplier}), as TripleO runs its firewall role first in host_prep_tasks. Between pre and the steps,
 * the containers of the role's steps or services that are gone are removed. A step whose containers
 * were removed or changed outside Hearth since it ran runs again, and so does a deployment that failed.
 */
public final class RoleDeployer {
    /**
     * Which steps of a role run.
     *
     * @param force run the selected steps again even where nothing changed
     */
    public record Options(SortedSet<Integer> steps, boolean force) {}

    private final Pipeline pipeline;
    private final DeploymentStore store;
    private final DockerCmdHook docker;
    private final ConfigScripts scripts;
    private final FirewallApplier firewall;
    private final Consumer<String> progress;

    /** @param firewall applies the role's {@code firewall_rules}; null when the agent config turns that off */
    public RoleDeployer(
            Pipeline pipeline,
            DeploymentStore store,
            DockerCmdHook docker,
            ConfigScripts scripts,
            FirewallApplier firewall,
            Consumer<String> progress) {
        this.pipeline = pipeline;
        this.store = store;
        this.docker = docker;
        this.scripts = scripts;
        this.firewall = firewall;
        this.progress = progress;
    }

    /** Each service's {@code firewall_rules}, listed as not applied because {@code firewall.apply} is false. */
    public static List<UnactedOutput> firewallNotApplied(MergedRole role) {
        return role.firewallRules().stream()
                .map(FirewallRule::service)
                .distinct()
                .map(s -> new UnactedOutput(s, "firewall_rules", NOT_APPLIED))
                .toList();
    }

    static final String NOT_APPLIED = "node-side, not applied: firewall.apply is false in the agent config";

    public RoleReport deploy(MergedRole role, RoleTranslation translation, boolean bootstrap, Options options)
            throws InterruptedException, IOException {
        long t0 = System.nanoTime();
        List<RoleReport.Phase> phases = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        RoleReport.Phase pre = null;
        List<String> written = new ArrayList<>();
        String failure = null;
        try {
            for (String line : scripts.write(role.configScripts())) written.add("config scripts: " + line);
        } catch (IOException | RuntimeException e) {
            failure = "config scripts: " + e.getMessage();
        }
        // TripleO runs its firewall role first among the host_prep_tasks
        if (failure == null && firewall != null && !role.firewallRules().isEmpty()) {
            try {
                for (String line : firewall.apply(role.firewallRules())) written.add("firewall: " + line);
            } catch (RuntimeException e) {
                failure = "firewall: " + e.getMessage();
            }
        }
        written.forEach(progress);
        if (failure != null) {
            pre = new RoleReport.Phase(
                    "pre", RoleReport.Result.FAILED, Duration.ZERO, List.of(), List.copyOf(written), failure);
            written = null;
        }
        if (written != null) {
            pre = run(translation.pre(), false);
            if (!written.isEmpty()) {
                List<String> changes = new ArrayList<>(written);
                changes.addAll(pre.changes());
                pre = new RoleReport.Phase(
                        pre.phase(),
                        pre.result() == RoleReport.Result.UNCHANGED ? RoleReport.Result.RAN : pre.result(),
                        pre.duration(),
                        pre.deployments(),
                        changes,
                        pre.error());
            }
        }
        phases.add(pre);
        boolean stop = pre.result() == RoleReport.Result.FAILED;
        if (!stop) {
            try {
                for (ActionResult r :
                        docker.cleanup(translation.allContainerDeployments(), translation::owns, store::hasRun)) {
                    progress.accept("cleanup: " + r.line());
                    removed.add(r.line());
                    if (!r.ok()) stop = true;
                }
            } catch (RuntimeException e) {
                // a role without containers does not need Docker; one with containers fails in its step
                if (!translation.allContainerDeployments().isEmpty()) {
                    progress.accept("cleanup: Docker Engine not reachable: " + e.getMessage());
                }
            }
        }
        for (int n : options.steps()) {
            if (stop) {
                phases.add(new RoleReport.Phase(
                        RolePhase.label(n), RoleReport.Result.NOT_RUN, Duration.ZERO, List.of(), List.of(), null));
                continue;
            }
            RoleReport.Phase p = run(translation.step(n), options.force());
            phases.add(p);
            stop = p.result() == RoleReport.Result.FAILED;
        }
        List<UnactedOutput> unacted = new ArrayList<>(role.unacted());
        if (firewall == null) unacted.addAll(firewallNotApplied(role));
        return new RoleReport(
                role.name(), bootstrap, phases, removed, unacted, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Whether converging {@code d} now would do more than keep containers (execs do not count). */
    private boolean containersDiffer(Deployment d) {
        try {
            return docker.plan(d, System.getenv()).actions().stream()
                    .anyMatch(a -> !(a instanceof PlanAction.Keep || a instanceof PlanAction.Exec));
        } catch (RuntimeException e) {
            return true; // let the step run and report what is wrong
        }
    }

    private RoleReport.Phase run(RolePhase phase, boolean force) throws InterruptedException, IOException {
        String label = phase.label();
        for (Deployment d : phase.deployments()) {
            if (!store.hasRun(d.id())) continue;
            // a deployment that failed runs again: the operator re-runs the deploy after fixing its cause
            boolean failed = store.get(d.id())
                    .map(r -> r.state() == DeploymentState.FAILED)
                    .orElse(false);
            if (force || failed) {
                store.delete(d.id());
            } else if (DockerCmdHook.GROUP.equals(d.group()) && containersDiffer(d)) {
                progress.accept("== " + label + ": the containers differ from what " + d.name()
                        + " deployed (removed or changed since): running it again");
                store.delete(d.id());
            }
        }
        progress.accept("== " + label + ": "
                + (phase.deployments().isEmpty()
                        ? "nothing to do"
                        : phase.deployments().stream()
                                .map(d -> d.group() + (store.hasRun(d.id()) ? " (unchanged)" : ""))
                                .toList()));
        long t0 = System.nanoTime();
        // TripleO's playbook stops at the first failing task: what comes after it in the phase (the
        // directories host_prep_tasks make, the volumes a step's containers mount) must not run on top of it
        List<Outcome> outcomes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean failed = false;
        for (Deployment d : phase.deployments()) {
            if (failed) {
                skipped.add(d.group());
                continue;
            }
            List<Outcome> o = pipeline.processPart(new MetadataDocument(Json.object(), List.of(d)), "deploy");
            outcomes.addAll(o);
            failed = o.stream().anyMatch(Outcome::failed);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        boolean ran = outcomes.stream().anyMatch(Outcome::ran);
        List<String> changes = new ArrayList<>();
        String error = null;
        for (Outcome o : outcomes) {
            if (!o.ran()) continue;
            DeploymentRecord rec = store.get(o.id()).orElse(null);
            if (rec != null && rec.stdoutTail() != null) {
                rec.stdoutTail()
                        .lines()
                        .filter(l -> !l.isBlank())
                        // of ansible's output, the recap says what the tasks did
                        .filter(l -> !AnsibleHook.GROUP.equals(o.group()) || l.contains(" changed="))
                        .forEach(l -> changes.add(o.group() + ": " + l.strip()));
            }
            if (o.failed() && error == null) {
                String tail = rec != null && rec.stderrTail() != null
                        ? rec.stderrTail().strip()
                        : "";
                error = o.name() + " failed (status " + o.statusCode() + ")" + (tail.isEmpty() ? "" : ":\n" + tail);
            }
        }
        if (error != null && !skipped.isEmpty()) {
            error += "\nnot run after it in " + label + ": " + String.join(", ", skipped);
        }
        RoleReport.Result r =
                failed ? RoleReport.Result.FAILED : ran ? RoleReport.Result.RAN : RoleReport.Result.UNCHANGED;
        return new RoleReport.Phase(label, r, took, outcomes, changes, error);
    }
}
