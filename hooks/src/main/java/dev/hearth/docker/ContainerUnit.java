package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The systemd units of one long-running container, named as TripleO names them:
 * {@code tripleo_<name>.service} starts and stops it with podman's CLI and restarts it by its
 * {@code restart} policy; with a {@code healthcheck}, {@code tripleo_<name>_healthcheck.service}
 * runs {@code podman healthcheck run <name>} and {@code tripleo_<name>_healthcheck.timer} triggers it
 * every {@code check_interval} (docs/podman.md#systemd-units-healthchecks-logs).
 *
 * @param container       the container's name in the engine (the units follow it when it is renamed)
 * @param restart         systemd's {@code Restart=} value
 * @param startLimitBurst for {@code on-failure:N}: N restarts after the first start; null for no limit
 * @param wants           units of {@code depends_on}, wanted and started before this one
 * @param stopGrace       seconds {@code podman stop} waits before killing
 * @param execFlags       {@code systemd_exec_flags}: extra {@code [Service]} settings
 * @param checkInterval   seconds between healthchecks; null without a healthcheck
 * @param pidFile         conmon's pid file, the service's main process; null when not known
 */
public record ContainerUnit(
        String container,
        String restart,
        Integer startLimitBurst,
        List<String> wants,
        int stopGrace,
        Map<String, String> execFlags,
        Long checkInterval,
        Path pidFile) {

    public static final String PREFIX = "tripleo_";
    /** TripleO's healthcheck interval when {@code check_interval} is not given. */
    public static final long DEFAULT_CHECK_INTERVAL = 60;

    static final String PODMAN = "/usr/bin/podman";
    private static final int DEFAULT_STOP_GRACE = 10;
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    private static final Pattern UNIT = Pattern.compile("^[A-Za-z0-9:_.@\\\\-]+$");
    private static final Pattern UNIT_SUFFIX =
            Pattern.compile("\\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope)$");
    private static final Pattern FLAG = Pattern.compile("^[A-Z][A-Za-z0-9]*$");
    private static final Pattern ON_FAILURE = Pattern.compile("^on-failure(?::(\\d+))?$");

    public ContainerUnit {
        if (!NAME.matcher(container).matches()) throw new IllegalArgumentException("not a container name");
        wants = List.copyOf(wants);
        execFlags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(execFlags));
    }

    /** A problem with one key of a container's settings, for the docker-cmd config errors. */
    public record Problem(String key, String message) {}

    /**
     * The units of a container with these settings, or empty: execs, one-shots ({@code detach:
     * false}) and containers without a restart policy (or {@code restart: no}) get none, as in
     * TripleO. {@code config} must have passed {@link #problems}.
     */
    public static Optional<ContainerUnit> of(String container, JsonNode config, Path pidFile) {
        if ("exec".equals(text(config, "action"))) return Optional.empty();
        JsonNode detach = config.get("detach");
        if (detach != null && !detach.isNull() && !detach.asBoolean(true)) return Optional.empty();
        String policy = text(config, "restart");
        if (policy == null || policy.equals("no")) return Optional.empty();
        String restart = "always";
        Integer burst = null;
        Matcher m = ON_FAILURE.matcher(policy);
        if (m.matches()) {
            restart = "on-failure";
            if (m.group(1) != null) burst = Integer.parseInt(m.group(1)) + 1;
        }
        // unless-stopped: systemd has no such policy; a unit stopped by systemctl stays stopped anyway
        List<String> wants = new ArrayList<>();
        JsonNode deps = config.get("depends_on");
        if (deps != null && deps.isArray()) {
            for (JsonNode d : deps) {
                String u = d.asText();
                wants.add(UNIT_SUFFIX.matcher(u).find() ? u : u + ".service");
            }
        }
        JsonNode grace = config.get("stop_grace_period");
        int stopGrace = grace == null || grace.isNull() ? DEFAULT_STOP_GRACE : Units.durationWholeSeconds(grace);
        Map<String, String> flags = new LinkedHashMap<>();
        JsonNode f = config.get("systemd_exec_flags");
        if (f != null && f.isObject())
            f.properties()
                    .iterator()
                    .forEachRemaining(e -> flags.put(e.getKey(), e.getValue().asText()));
        Long interval = null;
        JsonNode hc = config.get("healthcheck");
        if (hc != null && !hc.isNull()) {
            JsonNode ci = config.get("check_interval");
            interval = ci == null || ci.isNull() ? DEFAULT_CHECK_INTERVAL : Math.max(1, Units.durationWholeSeconds(ci));
        }
        return Optional.of(new ContainerUnit(container, restart, burst, wants, stopGrace, flags, interval, pidFile));
    }

    /** What is wrong with the keys only units read ({@code depends_on}, {@code check_interval}, {@code systemd_exec_flags}). */
    public static List<Problem> problems(JsonNode config) {
        List<Problem> problems = new ArrayList<>();
        JsonNode deps = config.get("depends_on");
        if (deps != null && !deps.isNull()) {
            if (!deps.isArray()) {
                problems.add(new Problem("depends_on", "must be a list of systemd unit names"));
            } else {
                for (int i = 0; i < deps.size(); i++) {
                    JsonNode d = deps.get(i);
                    if (!d.isTextual() || !UNIT.matcher(d.textValue()).matches()) {
                        problems.add(new Problem("depends_on[" + i + "]", "is not a systemd unit name"));
                    }
                }
            }
        }
        JsonNode ci = config.get("check_interval");
        if (ci != null && !ci.isNull()) {
            try {
                if (Units.durationWholeSeconds(ci) < 1) problems.add(new Problem("check_interval", "must be positive"));
            } catch (IllegalArgumentException | ArithmeticException e) {
                problems.add(new Problem("check_interval", "must be seconds or a duration like 1m30s"));
            }
        }
        JsonNode flags = config.get("systemd_exec_flags");
        if (flags != null && !flags.isNull()) {
            if (!flags.isObject()) {
                problems.add(new Problem("systemd_exec_flags", "must be a map of systemd settings"));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                flags.properties().iterator();
                        it.hasNext(); ) {
                    var e = it.next();
                    String key = "systemd_exec_flags." + e.getKey();
                    if (!FLAG.matcher(e.getKey()).matches()) {
                        problems.add(new Problem(key, "is not a systemd setting name"));
                    } else if (!e.getValue().isValueNode()
                            || e.getValue().isNull()
                            || e.getValue().asText().chars().anyMatch(c -> c < 0x20)) {
                        problems.add(new Problem(key, "must be a single-line scalar"));
                    }
                }
            }
        }
        return problems;
    }

    public static String serviceName(String container) {
        return PREFIX + container + ".service";
    }

    public static String healthServiceName(String container) {
        return PREFIX + container + "_healthcheck.service";
    }

    public static String timerName(String container) {
        return PREFIX + container + "_healthcheck.timer";
    }

    /** Every unit file name a container may have, whether or not it has a healthcheck. */
    public static List<String> fileNames(String container) {
        return List.of(serviceName(container), healthServiceName(container), timerName(container));
    }

    public String service() {
        return serviceName(container);
    }

    /** The unit files by file name: the service, and with a healthcheck its service and timer. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(service(), serviceText());
        if (checkInterval != null) {
            files.put(healthServiceName(container), healthServiceText());
            files.put(timerName(container), timerText());
        }
        return files;
    }

    /** The units to enable and start: the service, and the healthcheck timer. */
    public List<String> startable() {
        return checkInterval == null ? List.of(service()) : List.of(service(), timerName(container));
    }

    String serviceText() {
        StringBuilder s = new StringBuilder();
        s.append("# Written by Hearth for the container ").append(container).append("; rewritten when it changes\n");
        s.append("[Unit]\n");
        s.append("Description=").append(container).append(" container\n");
        if (!wants.isEmpty()) {
            s.append("Wants=").append(String.join(" ", wants)).append('\n');
            s.append("After=").append(String.join(" ", wants)).append('\n');
        }
        if (startLimitBurst != null) {
            s.append("StartLimitIntervalSec=infinity\n");
            s.append("StartLimitBurst=").append(startLimitBurst).append('\n');
        }
        s.append("[Service]\n");
        s.append("Restart=").append(restart).append('\n');
        s.append("Environment=PODMAN_SYSTEMD_UNIT=%n\n");
        s.append("ExecStart=")
                .append(PODMAN)
                .append(" start ")
                .append(container)
                .append('\n');
        s.append("ExecReload=")
                .append(PODMAN)
                .append(" kill --signal HUP ")
                .append(container)
                .append('\n');
        s.append("ExecStop=")
                .append(PODMAN)
                .append(" stop -t ")
                .append(stopGrace)
                .append(' ')
                .append(container)
                .append('\n');
        s.append("ExecStopPost=")
                .append(PODMAN)
                .append(" stop -t ")
                .append(stopGrace)
                .append(' ')
                .append(container)
                .append('\n');
        s.append("SuccessExitStatus=137 142 143\n");
        // the grace period of ExecStop and of ExecStopPost, one after the other
        s.append("TimeoutStopSec=").append(2 * stopGrace + 10).append('\n');
        s.append("Type=forking\n");
        if (pidFile != null) s.append("PIDFile=").append(pidFile).append('\n');
        execFlags.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        s.append("[Install]\n");
        s.append("WantedBy=multi-user.target\n");
        return s.toString();
    }

    String healthServiceText() {
        return "# Written by Hearth for the container " + container + "\n"
                + "[Unit]\n"
                + "Description=" + container + " healthcheck\n"
                + "After=" + service() + "\n"
                + "Requisite=" + service() + "\n"
                + "[Service]\n"
                + "Type=oneshot\n"
                + "ExecStart=" + PODMAN + " healthcheck run " + container + "\n"
                + "SyslogIdentifier=healthcheck_" + container + "\n";
    }

    String timerText() {
        return "# Written by Hearth for the container " + container + "\n"
                + "[Unit]\n"
                + "Description=" + container + " container healthcheck\n"
                + "PartOf=" + service() + "\n"
                + "After=" + service() + "\n"
                + "[Timer]\n"
                + "OnActiveSec=120\n"
                + "OnUnitActiveSec=" + checkInterval + "\n"
                // spread the checks of many containers started together, as TripleO does
                + "RandomizedDelaySec=" + (checkInterval * 3 / 4) + "\n"
                + "[Install]\n"
                + "WantedBy=timers.target\n";
    }

    private static String text(JsonNode config, String key) {
        JsonNode v = config.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
