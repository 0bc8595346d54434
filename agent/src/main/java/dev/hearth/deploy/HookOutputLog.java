package dev.hearth.deploy;

import dev.hearth.hook.Deployment;
import dev.hearth.hook.DeploymentSecrets;
import dev.hearth.secret.Secrets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment's hook output in the agent's log (under systemd: the journal), each line tagged
 * {@code NAME (ID) | LINE} so that {@code journalctl -u hearth-agent} shows a puppet run as
 * operators read it under os-collect-config, and {@code journalctl -u hearth-agent -g ID} finds one
 * deployment's lines. Lines are masked with the deployment's secrets before they are logged.
 *
 * <p>Built-in hooks hand their lines over as they come ({@link #line}); a hook that streams nothing
 * (an external heat-agents hook answers with one JSON object at the end) has its {@code deploy_stdout}
 * and {@code deploy_stderr} logged once it finished ({@link #finished}), as heat-config logged them.
 */
final class HookOutputLog {
    /** The logger operators can raise or silence on its own in a logback.xml of theirs. */
    static final String LOGGER = "dev.hearth.hook.output";
    /** Longer lines are cut: journald splits lines above its LineMax (48K) into separate entries. */
    static final int MAX_LINE = 16_000;

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final String tag;
    private final Secrets secrets;
    private final AtomicLong streamed = new AtomicLong();

    private HookOutputLog(String tag, Secrets secrets) {
        this.tag = tag;
        this.secrets = secrets;
    }

    static HookOutputLog of(Deployment d) {
        return new HookOutputLog(d.name() + " (" + d.id() + ")", DeploymentSecrets.of(d));
    }

    /** One line as the hook produced it (stdout or stderr, from the hook's own threads). */
    void line(String line) {
        streamed.incrementAndGet();
        if (line.isEmpty()) return;
        log.info("{} | {}", tag, cut(secrets.mask(line)));
    }

    /**
     * The response's output, when nothing came line by line. stderr of a failed hook is logged as a
     * warning, so {@code journalctl -p warning} shows why a deployment failed.
     */
    void finished(MaskedResponse response) {
        if (streamed.get() > 0) return;
        lines(response.stdout(), "stdout", false);
        lines(response.stderr(), "stderr", response.statusCode() != 0);
    }

    private void lines(String text, String stream, boolean warn) {
        if (text == null || text.isEmpty()) return;
        for (String line : text.split("\n", -1)) { // masked at the hook boundary
            if (line.isEmpty()) continue;
            if (warn) {
                log.warn("{} {} | {}", tag, stream, cut(line));
            } else {
                log.info("{} {} | {}", tag, stream, cut(line));
            }
        }
    }

    private static String cut(String line) {
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + " [... line cut ...]";
    }
}
