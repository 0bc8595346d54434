package dev.hearth.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The processes one started command and everything it started make up, found again at any time,
 * including children that daemonised. A process belongs when it is
 * <ul>
 *   <li>the command's process or a descendant of a member (parent links),</li>
 *   <li>started with the command's mark in its environment ({@link #MARK_VARIABLE}, inherited by
 *       default, so a double fork or {@code setsid} keeps it), or</li>
 *   <li>a child of this (subreaper) process that carries no mark at all and started after the command:
 *       an orphan of a hook that cleared its environment. Every process Hearth starts carries a mark,
 *       and Hearth runs one hook at a time, so such an orphan is the running hook's.</li>
 * </ul>
 * Never this process or its ancestors.
 */
final class ProcessTree {
    static final String MARK_VARIABLE = "HEARTH_PROCESS_TREE";

    private final String mark = UUID.randomUUID().toString();
    private long rootPid = -1;
    private long rootStartTicks = -1;

    /** The environment entry every member is started with. */
    String markEntry() {
        return MARK_VARIABLE + "=" + mark;
    }

    /** The command was started as {@code pid}. */
    void rooted(long pid) {
        rootPid = pid;
        rootStartTicks = ProcStat.of(pid).map(ProcStat::startTicks).orElse(-1L);
    }

    long rootPid() {
        return rootPid;
    }

    /** The members alive now (zombies included: they are gone but not yet reaped), keyed by pid. */
    Map<Long, ProcStat> members() {
        long self = ProcessHandle.current().pid();
        List<ProcStat> all = ProcStat.all();
        Map<Long, List<ProcStat>> children = new HashMap<>();
        Map<Long, ProcStat> byPid = new HashMap<>();
        for (ProcStat p : all) {
            children.computeIfAbsent(p.parent(), k -> new ArrayList<>()).add(p);
            byPid.put(p.pid(), p);
        }
        java.util.Set<Long> protectedPids = new java.util.HashSet<>();
        for (ProcStat p = byPid.get(self); p != null && protectedPids.add(p.pid()); p = byPid.get(p.parent())) {
            // this process and its ancestors
        }
        Map<Long, ProcStat> members = new LinkedHashMap<>();
        Deque<ProcStat> todo = new ArrayDeque<>();
        for (ProcStat p : all) {
            if (protectedPids.contains(p.pid())) continue;
            boolean root = p.pid() == rootPid && (rootStartTicks < 0 || p.startTicks() == rootStartTicks);
            if (root || belongs(p, self)) todo.add(p);
        }
        while (!todo.isEmpty()) {
            ProcStat p = todo.poll();
            if (protectedPids.contains(p.pid()) || members.putIfAbsent(p.pid(), p) != null) continue;
            todo.addAll(children.getOrDefault(p.pid(), List.of()));
        }
        return members;
    }

    private boolean belongs(ProcStat p, long self) {
        String markPrefix = MARK_VARIABLE + "=";
        java.util.Optional<List<String>> env = p.environment();
        if (env.isEmpty()) return false; // gone, or another user's
        if (env.get().contains(markEntry())) return true;
        return p.parent() == self
                && p.pid() != rootPid
                && !p.zombie()
                && rootStartTicks >= 0
                && p.startTicks() >= rootStartTicks
                && env.get().stream().noneMatch(e -> e.startsWith(markPrefix));
    }

    /** Children of this process (re-parented to it) started with the mark, other than the root. */
    List<ProcStat> orphans() {
        long self = ProcessHandle.current().pid();
        // Only this process's children can be: the JDK lists them natively, where reading every process's
        // stat here cost a one-off command (`hearth hook`) about a twentieth of its CPU after each run.
        return ProcessHandle.current()
                .children()
                .map(h -> ProcStat.of(h.pid()))
                .flatMap(java.util.Optional::stream)
                .filter(p -> p.parent() == self && p.pid() != rootPid && !p.zombie())
                .filter(p ->
                        p.environment().map(env -> env.contains(markEntry())).orElse(false))
                .toList();
    }
}
