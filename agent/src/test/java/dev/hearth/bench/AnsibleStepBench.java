package dev.hearth.bench;

import dev.hearth.ansible.AnsiblePlaybook;
import dev.hearth.process.ProcessRunner;
import dev.hearth.role.step.StepReport;
import dev.hearth.role.step.StepRunOptions;
import dev.hearth.role.step.StepRunReport;
import dev.hearth.role.step.StepRunner;
import dev.hearth.role.step.StepTarget;
import dev.hearth.role.step.UpgradePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The cost of one step with no tasks, i.e. ansible-playbook's own start-up and play on localhost,
 * as {@link StepRunner} pays it for every step. Usage: {@code AnsibleStepBench [runs]} (default 7).
 */
public final class AnsibleStepBench {
    private AnsibleStepBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path state = Files.createTempDirectory("hearth-step-bench");
        StepRunner runner =
                new StepRunner(new AnsiblePlaybook(new ProcessRunner(), "ansible-playbook"), state, System.getenv());
        UpgradePlan oneStep =
                new UpgradePlan(UpgradePlan.Kind.UPDATE, null, false, List.of(UpgradePlan.PlannedStep.running(0)));
        List<Long> stepMs = new ArrayList<>();
        List<Long> wallMs = new ArrayList<>();
        for (int i = 0; i < runs + 1; i++) {
            long t0 = System.nanoTime();
            StepRunReport r = runner.run(
                    oneStep,
                    new StepTarget("Bench", "bench-0"),
                    List.of(),
                    StepRunOptions.defaults().withFromStep(0));
            long wall = (System.nanoTime() - t0) / 1_000_000;
            StepReport s = r.steps().getFirst();
            if (s.status() != StepReport.Status.SUCCEEDED) throw new IllegalStateException(s.toString());
            if (i == 0) continue; // warm-up (JIT, page cache)
            stepMs.add(s.duration().toMillis());
            wallMs.add(wall);
        }
        try (var files = Files.walk(state)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
        Collections.sort(stepMs);
        Collections.sort(wallMs);
        System.out.printf(
                "empty step (ansible-playbook, no tasks, localhost): runs=%d min=%d ms median=%d ms max=%d ms;"
                        + " with Hearth's file handling: median=%d ms%n",
                runs,
                stepMs.getFirst(),
                stepMs.get(stepMs.size() / 2),
                stepMs.getLast(),
                wallMs.get(wallMs.size() / 2));
    }
}
