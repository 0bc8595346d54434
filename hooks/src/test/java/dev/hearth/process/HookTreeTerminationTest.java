package dev.hearth.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.hook.script.ScriptHook;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script hook past its timeout, with real processes: children that daemonised (a double fork, a
 * setsid'd child, one that also cleared its environment) are ended with it, SIGTERM first, SIGKILL
 * after the kill grace for the one that ignores SIGTERM.
 */
class HookTreeTerminationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration GRACE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    /** Every process a test's scripts started, to clean up whatever a failing test leaves. */
    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** The tree: a double-forked sleeper (exits on TERM), a setsid'd child (ignores TERM), an env -i daemon. */
    private static final String DAEMONISING_SCRIPT = """
            #!/bin/bash
            d="$marks"
            ( ( trap 'echo term > "$d/sleeper.term"; exit 0' TERM
                echo $BASHPID > "$d/sleeper.pid"; while :; do sleep 0.1; done ) & )
            setsid bash -c 'trap "echo term >> \\"$0/stubborn.term\\"" TERM
                echo $$ > "$0/stubborn.pid"; while :; do sleep 0.1; done' "$d" &
            ( env -i /usr/bin/setsid /bin/sh -c 'echo $$ > "$1/bare.pid"; exec sleep 1000' sh "$d" & )
            trap 'echo term > "$d/root.term"; exit 143' TERM
            echo $$ > "$d/root.pid"
            while :; do sleep 0.1; done
            """;

    private HookResponse run(ScriptHook hook, String script, String tag) throws InterruptedException {
        ObjectNode d = Json.object();
        d.put("id", "tree-" + UUID.randomUUID())
                .put("name", "tree")
                .put("group", "script")
                .put("config", script);
        var inputs = d.putArray("inputs");
        inputs.addObject().put("name", "marks").put("value", dir.toString());
        inputs.addObject().put("name", "tree_tag").put("value", tag);
        HookContext ctx = new HookContext(dir.resolve("work"), dir.resolve("outputs"), TIMEOUT, System.getenv(), null);
        return hook.run(Deployment.fromJson(d, "$"), ctx);
    }

    private long pid(String name) throws IOException {
        Path f = dir.resolve(name + ".pid");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Files.exists(f) && !Files.readString(f).isBlank());
        long pid = Long.parseLong(Files.readString(f).strip());
        started.add(pid);
        return pid;
    }

    /** No /proc entry: neither running nor a zombie waiting to be reaped. */
    private static boolean gone(long pid) {
        return !Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /** Processes started with {@code tree_tag=tag} in their environment (everything but the env -i daemon). */
    private static List<Long> tagged(String tag) {
        return ProcStat.all().stream()
                .filter(p ->
                        p.environment().map(e -> e.contains("tree_tag=" + tag)).orElse(false))
                .map(ProcStat::pid)
                .toList();
    }

    @Test
    void theWholeTreeGetsSigtermThenSigkillAfterTheGraceAndNothingSurvives() throws Exception {
        ProcessRunner runner = new ProcessRunner(ProcessRunner.DEFAULT_CAPTURE_LIMIT, GRACE, ChildSubreaper.enable());
        assertThat(runner.subreaper().active())
                .as(String.valueOf(runner.subreaper().unavailableReason()))
                .isTrue();
        String tag = UUID.randomUUID().toString();

        long t0 = System.nanoTime();
        HookResponse r = run(new ScriptHook(runner), DAEMONISING_SCRIPT, tag);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.statusCode()).isEqualTo(124);
        assertThat(r.stderr().lines().findFirst().orElse("")).contains("timed out after 1 s");
        long root = pid("root");
        long sleeper = pid("sleeper");
        long stubborn = pid("stubborn");
        long bare = pid("bare");
        // SIGTERM reached every member that traps it, the daemonised ones included ...
        assertThat(dir.resolve("root.term")).exists();
        assertThat(dir.resolve("sleeper.term")).exists();
        assertThat(dir.resolve("stubborn.term")).exists();
        // ... and the one that ignored it was killed only once the grace had run out.
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.plus(GRACE));
        assertThat(took).isLessThan(TIMEOUT.plus(GRACE).plusSeconds(10));
        // Nothing of the tree is left, not even a zombie.
        assertThat(List.of(root, sleeper, stubborn, bare)).allMatch(HookTreeTerminationTest::gone);
        assertThat(tagged(tag)).isEmpty();
    }

    @Test
    void aTreeThatEndsOnSigtermIsNotKeptWaitingForTheGrace() throws Exception {
        ProcessRunner runner =
                new ProcessRunner(ProcessRunner.DEFAULT_CAPTURE_LIMIT, Duration.ofSeconds(30), ChildSubreaper.enable());
        String tag = UUID.randomUUID().toString();
        String script = """
                #!/bin/bash
                d="$marks"
                ( ( echo $BASHPID > "$d/sleeper.pid"; exec sleep 1000 ) & )
                setsid sleep 1000 &
                echo $! > "$d/setsid.pid"
                sleep 1000
                """;
        long t0 = System.nanoTime();
        HookResponse r = run(new ScriptHook(runner), script, tag);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.statusCode()).isEqualTo(124);
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        assertThat(List.of(pid("sleeper"), pid("setsid"))).allMatch(HookTreeTerminationTest::gone);
        assertThat(tagged(tag)).isEmpty();
    }

    @Test
    void aDaemonLeftByAHookThatFinishedKeepsRunningAndIsReapedWhenItEnds() throws Exception {
        ProcessRunner runner = new ProcessRunner(ProcessRunner.DEFAULT_CAPTURE_LIMIT, GRACE, ChildSubreaper.enable());
        String script = """
                #!/bin/bash
                ( ( echo $BASHPID > "$marks/daemon.pid"; exec sleep 1000 ) </dev/null >/dev/null 2>&1 & )
                echo started
                """;
        HookResponse r = run(new ScriptHook(runner), script, UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(r.stderr()).isZero();
        long daemon = pid("daemon");
        ProcStat stat = ProcStat.of(daemon).orElseThrow();
        assertThat(stat.zombie()).isFalse();
        // Re-parented to this process (the subreaper), not to init.
        assertThat(stat.parent()).isEqualTo(ProcessHandle.current().pid());

        ProcessHandle.of(daemon).orElseThrow().destroy();
        await().atMost(Duration.ofSeconds(10)).until(() -> gone(daemon));
    }

    @Test
    void anInterruptedRunEndsItsTreeWithinAShortGraceSoTheAgentStopsInTime() throws Exception {
        ProcessRunner runner =
                new ProcessRunner(ProcessRunner.DEFAULT_CAPTURE_LIMIT, Duration.ofSeconds(60), ChildSubreaper.enable());
        String script = "trap '' TERM; setsid bash -c 'trap \"\" TERM; echo $$ > \"$0/stubborn.pid\"; "
                + "while :; do sleep 0.1; done' \"$0\" & while :; do sleep 0.1; done";
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                runner.run(List.of("bash", "-c", script, dir.toString()), dir, null, null, Duration.ofHours(1));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        long stubborn = pid("stubborn");
        long t0 = System.nanoTime();
        worker.interrupt();
        worker.join(Duration.ofSeconds(20));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(worker.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
        // hooks.kill_grace is 60 s here; a stopping agent gives the tree 3 s of it.
        assertThat(took)
                .isGreaterThanOrEqualTo(ProcessRunner.INTERRUPTED_KILL_GRACE)
                .isLessThan(Duration.ofSeconds(10));
        assertThat(gone(stubborn)).isTrue();
    }
}
