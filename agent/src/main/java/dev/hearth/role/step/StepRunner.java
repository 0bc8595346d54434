package dev.hearth.role.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.ansible.AnsibleNotFoundException;
import dev.hearth.ansible.AnsibleOutput;
import dev.hearth.ansible.AnsiblePlaybook;
import dev.hearth.ansible.PlaybookInvocation;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessResult;
import dev.hearth.secret.Secrets;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * Runs the steps of an {@link UpgradePlan} in order, one {@code ansible-playbook} run per step on
 * this machine, and stops at the first failing step. Finished steps are recorded in a
 * {@link StepState} under the state directory after each step, so a re-run continues after the last
 * finished step (or from {@link StepRunOptions#fromStep()}). A step that the plan makes a no-op on
 * this node is reported (and recorded as finished) with the reason.
 * <p>
 * Each step's playbook and vars are written to {@code <stateDir>/work} (0700; files 0600) and
 * deleted after the step. The vars are the target's extra vars plus the step vars; output lines and
 * reports are masked (secret-named vars, URL signatures). One run at a time per state directory.
 */
public final class StepRunner {
    /** Lines of ansible output kept in a step's report. */
    public static final int TAIL_LINES = 40;

    private final AnsiblePlaybook ansible;
    private final Path stateDir;
    private final Map<String, String> environment;

    public StepRunner(AnsiblePlaybook ansible, Path stateDir, Map<String, String> environment) {
        this.ansible = ansible;
        this.stateDir = stateDir;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Runs the plan's steps, one ansible-playbook run each; finished steps are remembered.
     *
     * @throws AnsibleNotFoundException if ansible-playbook is not installed (before any step or state change)
     * @throws IllegalStateException    if another run holds this state directory
     * @throws IOException              if the state cannot be read or written
     */
    public StepRunReport run(UpgradePlan plan, StepTarget target, List<ServiceTasks> services, StepRunOptions options)
            throws IOException, InterruptedException {
        ansible.executable(environment);
        AtomicFiles.ensureDirectory(stateDir, AtomicFiles.DIR_0700);
        try (FileChannel lockFile = FileChannel.open(
                        stateDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(lockFile)) {
            return runLocked(plan, target, services, options);
        }
    }

    private FileLock tryLock(FileChannel ch) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) throw new IllegalStateException("another step run is using " + stateDir);
        return lock;
    }

    private StepRunReport runLocked(
            UpgradePlan plan, StepTarget target, List<ServiceTasks> services, StepRunOptions options)
            throws IOException, InterruptedException {
        String kind = plan.kind().roleDataKey();
        Secrets secrets = secretsOf(target.extraVars());
        Consumer<String> progress = line -> options.progress().accept(secrets.mask(line));
        StepState state = new StepState(stateDir, plan.kind());
        SortedSet<Integer> finished = state.finished(plan);
        int start;
        if (options.fromStep() != null) {
            start = options.fromStep();
            finished.removeIf(n -> n >= start);
            state.save(plan, finished, null, null);
        } else {
            start = finished.isEmpty() ? plan.firstStep() : finished.last() + 1;
            if (start > plan.lastStep()) {
                progress.accept(kind + ": every step finished earlier (" + state.file()
                        + "); give a first step to run steps again");
            } else if (!finished.isEmpty()) {
                progress.accept(kind + ": steps up to " + finished.last() + " finished earlier (" + state.file()
                        + "); continuing from step " + start);
            }
        }

        List<StepReport> reports = new ArrayList<>();
        StepReport failure = null;
        for (UpgradePlan.PlannedStep planned : plan.steps()) {
            int n = planned.number();
            if (failure != null) {
                reports.add(StepReport.notRun(n, StepReport.Status.NOT_RUN, "step " + failure.step() + " failed"));
            } else if (n < start) {
                reports.add(
                        finished.contains(n)
                                ? StepReport.notRun(n, StepReport.Status.FINISHED_EARLIER, null)
                                : StepReport.notRun(n, StepReport.Status.NOT_REQUESTED, "before step " + start));
            } else if (!planned.runs()) {
                progress.accept(kind + " step " + n + ": nothing to do on this node: " + planned.skipReason());
                reports.add(StepReport.notRun(n, StepReport.Status.NOT_ON_THIS_NODE, planned.skipReason()));
                finished.add(n);
                state.save(plan, finished, null, null);
            } else {
                StepReport r = runStep(plan, n, target, services, options, secrets, progress);
                reports.add(r);
                if (r.failed()) {
                    failure = r;
                    state.save(plan, finished, n, r.failedTask());
                } else {
                    finished.add(n);
                    state.save(plan, finished, null, null);
                }
            }
        }
        return new StepRunReport(kind, plan.release(), target.nodeName(), reports);
    }

    private StepReport runStep(
            UpgradePlan plan,
            int step,
            StepTarget target,
            List<ServiceTasks> services,
            StepRunOptions options,
            Secrets secrets,
            Consumer<String> progress)
            throws IOException, InterruptedException {
        String kind = plan.kind().roleDataKey();
        StepPlaybook playbook = StepPlaybook.forStep(plan, step, target, services, options.gatherFacts());
        ObjectNode vars = target.extraVars();
        vars.setAll(playbook.vars());

        Path work = AtomicFiles.ensureDirectory(stateDir.resolve("work"), AtomicFiles.DIR_0700);
        String base = kind + "_step_" + step;
        Path playbookFile = work.resolve(base + "_playbook.yaml");
        Path varsFile = work.resolve(base + "_vars.json");
        if (options.keepPlaybooksDir() != null) {
            Path keep = options.keepPlaybooksDir();
            AtomicFiles.write(keep.resolve(base + "_playbook.yaml"), playbook.yaml(secrets), AtomicFiles.FILE_0600);
            AtomicFiles.write(
                    keep.resolve(base + "_vars.json"),
                    Json.writePretty(secrets.mask(vars)) + "\n",
                    AtomicFiles.FILE_0600);
        }
        progress.accept("== " + playbook.name() + ": " + playbook.taskCount() + " task(s)");
        long t0 = System.nanoTime();
        ProcessResult r;
        try {
            AtomicFiles.write(playbookFile, playbook.yaml(), AtomicFiles.FILE_0600);
            AtomicFiles.write(varsFile, Json.write(vars), AtomicFiles.FILE_0600);
            r = ansible.run(
                    PlaybookInvocation.local(playbookFile, varsFile),
                    work,
                    environment,
                    options.stepTimeout(),
                    progress);
        } finally {
            AtomicFiles.deleteDurably(varsFile);
            AtomicFiles.deleteDurably(playbookFile);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String tail = secrets.mask(AnsibleOutput.tail(r.stdout(), TAIL_LINES));
        if (r.exitCode() == 0 && !r.timedOut()) {
            progress.accept("== " + kind + " step " + step + " finished in " + took.toMillis() + " ms");
            return new StepReport(step, StepReport.Status.SUCCEEDED, took, null, tail, null);
        }
        String task = AnsibleOutput.failedTask(r.stdout()).orElse(null);
        if (!r.stderr().isBlank()) tail += "\n--- stderr ---\n" + secrets.mask(AnsibleOutput.tail(r.stderr(), 20));
        String note = r.timedOut()
                ? "timed out after " + options.stepTimeout().toSeconds() + " s (step timeout)"
                : "ansible-playbook exited with " + r.exitCode();
        progress.accept("== " + kind + " step " + step + " FAILED" + (task == null ? "" : " at task [" + task + "]")
                + ": " + note);
        return new StepReport(step, StepReport.Status.FAILED, took, task, tail, note);
    }

    /** The values of secret-named vars (at any depth), for masking. */
    static Secrets secretsOf(JsonNode vars) {
        List<String> values = new ArrayList<>();
        collect(vars, false, values);
        return Secrets.of(values.toArray(String[]::new));
    }

    private static void collect(JsonNode node, boolean secret, List<String> out) {
        if (node == null || node.isNull()) return;
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                collect(e.getValue(), secret || Secrets.isSecretName(e.getKey()), out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, secret, out));
        } else if (secret) {
            out.add(node.asText());
        }
    }
}
