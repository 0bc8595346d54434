package dev.hearth.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.HookResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, settles what a crash or reboot left half done, so that no deployment is silently dropped
 * and none is signalled twice:
 * <ul>
 *   <li>marker RUNNING, signal READY: the hook finished; the marker takes the result;</li>
 *   <li>marker RUNNING otherwise: the hook was cut off; re-run it if its group is declared safe to
 *       re-run, else signal it failed with a reason that says so (the default);</li>
 *   <li>signal ARMED without a marker: the hook never started; the signal is dropped and the
 *       deployment runs when the metadata brings it again.</li>
 * </ul>
 */
public final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    public static final String INTERRUPTED_REASON =
            "Hearth was stopped (crash, kill or reboot) while this deployment's hook was running; "
                    + "it was not run again because group '%s' is not listed in hooks.rerun_interrupted";

    private final DeploymentStore store;
    private final SignalQueue signals;
    private final Set<String> rerunGroups;
    private final Clock clock;

    public Recovery(DeploymentStore store, SignalQueue signals, Set<String> rerunGroups, Clock clock) {
        this.store = store;
        this.signals = signals;
        this.rerunGroups = Set.copyOf(rerunGroups);
        this.clock = clock;
    }

    public List<String> recover() throws IOException {
        List<String> report = new ArrayList<>();
        for (String id : signals.ids()) {
            if (!store.hasRun(id) && signals.envelope(id) == SignalQueue.Envelope.ARMED) {
                signals.discard(id);
                report.add("deployment " + id + ": its hook never started; it will run when the metadata brings it");
            }
        }
        for (DeploymentRecord r : store.inState(DeploymentState.RUNNING)) {
            SignalQueue.Envelope env = signals.envelope(r.id());
            if (env == SignalQueue.Envelope.READY) {
                ObjectNode payload = signals.payload(r.id()).orElseThrow();
                HookResponse resp = new HookResponse(payload);
                int code = resp.statusCode();
                store.save(r.finished(
                        code == 0 ? DeploymentState.SUCCEEDED : DeploymentState.FAILED,
                        clock.instant(),
                        code,
                        code == 0 ? null : "hook finished before the agent stopped",
                        DeploymentRunner.tail(resp.stdout()),
                        DeploymentRunner.tail(resp.stderr())));
                report.add("deployment " + r.name() + " (" + r.id()
                        + "): finished before the stop; its signal is pending");
            } else if (rerunGroups.contains(r.group())) {
                if (env == SignalQueue.Envelope.ARMED) signals.discard(r.id());
                store.delete(r.id());
                report.add("deployment " + r.name() + " (" + r.id() + "): interrupted; group " + r.group()
                        + " is safe to re-run, it will run again");
            } else {
                String reason = String.format(INTERRUPTED_REASON, r.group());
                if (env == SignalQueue.Envelope.ARMED) {
                    ObjectNode payload = HookResponse.of("", reason, 1).body();
                    signals.complete(r.id(), payload);
                }
                store.save(r.finished(DeploymentState.INTERRUPTED, clock.instant(), 1, reason, null, reason));
                report.add("deployment " + r.name() + " (" + r.id() + "): interrupted; signalled as failed");
            }
        }
        report.forEach(log::warn);
        if (!report.isEmpty()) signals.wake();
        return report;
    }
}
