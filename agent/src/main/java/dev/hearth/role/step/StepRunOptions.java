package dev.hearth.role.step;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How {@link StepRunner} runs a plan.
 *
 * @param fromStep         run from this step on, whatever the state file says (null: after the last finished step)
 * @param keepPlaybooksDir if not null, each step's playbook and vars are also written here, secrets masked
 * @param stepTimeout      limit for one step's ansible-playbook (null: none)
 * @param gatherFacts      gather facts in each step's play
 * @param progress         receives progress and (masked) ansible output lines
 */
public record StepRunOptions(
        Integer fromStep, Path keepPlaybooksDir, Duration stepTimeout, boolean gatherFacts, Consumer<String> progress) {

    public StepRunOptions {
        if (progress == null) progress = line -> {};
    }

    public static StepRunOptions defaults() {
        return new StepRunOptions(null, null, null, false, null);
    }

    public StepRunOptions withFromStep(Integer step) {
        return new StepRunOptions(step, keepPlaybooksDir, stepTimeout, gatherFacts, progress);
    }

    public StepRunOptions withKeepPlaybooks(Path dir) {
        return new StepRunOptions(fromStep, dir, stepTimeout, gatherFacts, progress);
    }

    public StepRunOptions withStepTimeout(Duration timeout) {
        return new StepRunOptions(fromStep, keepPlaybooksDir, timeout, gatherFacts, progress);
    }

    public StepRunOptions withGatherFacts(boolean gather) {
        return new StepRunOptions(fromStep, keepPlaybooksDir, stepTimeout, gather, progress);
    }

    public StepRunOptions withProgress(Consumer<String> sink) {
        return new StepRunOptions(fromStep, keepPlaybooksDir, stepTimeout, gatherFacts, sink);
    }
}
