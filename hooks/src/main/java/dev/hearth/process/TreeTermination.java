package dev.hearth.process;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Ends a process tree: SIGTERM to every member (and to members that appear meanwhile), up to
 * {@code grace} for them to exit, then SIGKILL to whatever is left, until no member is left. Members
 * re-parented to this process are reaped here; the tree's root is its {@link Process}'s to reap.
 */
final class TreeTermination {
    private static final Duration POLL = Duration.ofMillis(100);
    /** SIGKILL cannot be ignored: this only bounds a tree that forks faster than it is killed. */
    private static final Duration KILL_LIMIT = Duration.ofSeconds(10);

    private final ChildSubreaper subreaper;

    TreeTermination(ChildSubreaper subreaper) {
        this.subreaper = subreaper;
    }

    /**
     * Ends every process of the tree: TERM, then KILL after the grace period.
     *
     * @return whether no member is left
     */
    boolean end(ProcessTree tree, Duration grace) throws InterruptedException {
        Map<Long, ProcStat> seen = new HashMap<>();
        Set<String> termed = new HashSet<>();
        long graceEnd = System.nanoTime() + grace.toNanos();
        while (true) {
            Map<Long, ProcStat> live = living(tree, seen);
            if (live.isEmpty()) return true;
            for (ProcStat p : live.values()) {
                if (termed.add(p.pid() + "@" + p.startTicks())) signal(p, false);
            }
            if (System.nanoTime() - graceEnd >= 0) break;
            Thread.sleep(POLL);
        }
        long killEnd = System.nanoTime() + KILL_LIMIT.toNanos();
        while (System.nanoTime() - killEnd < 0) {
            Map<Long, ProcStat> live = living(tree, seen);
            if (live.isEmpty()) return true;
            live.values().forEach(p -> signal(p, true));
            Thread.sleep(10);
        }
        return living(tree, seen).isEmpty();
    }

    /**
     * Members not yet gone. A member that ended is a zombie with no environment left to recognise it
     * by: the members seen in earlier passes are remembered, and those re-parented to this process
     * are reaped here.
     */
    private Map<Long, ProcStat> living(ProcessTree tree, Map<Long, ProcStat> seen) {
        Map<Long, ProcStat> members = tree.members();
        members.forEach(seen::putIfAbsent);
        long self = ProcessHandle.current().pid();
        for (ProcStat known : seen.values()) {
            if (known.pid() == tree.rootPid()) continue; // the JDK reaps the root
            ProcStat.of(known.pid())
                    .filter(now -> now.startTicks() == known.startTicks() && now.zombie() && now.parent() == self)
                    .ifPresent(zombie -> subreaper.reap(zombie.pid()));
        }
        members.values().removeIf(ProcStat::zombie);
        return members;
    }

    private static void signal(ProcStat p, boolean kill) {
        // ProcessHandle checks the start time, so a reused pid is never signalled.
        ProcessHandle.of(p.pid()).ifPresent(h -> {
            if (kill) h.destroyForcibly();
            else h.destroy();
        });
    }
}
