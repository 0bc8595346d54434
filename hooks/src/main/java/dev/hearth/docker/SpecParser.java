package dev.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.docker.ContainerSpec.EngineOptions;
import dev.hearth.docker.ContainerSpec.HealthcheckSpec;
import dev.hearth.docker.ContainerSpec.UlimitSpec;
import dev.hearth.docker.ContainerSpec.VolumeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads one container's settings into a {@link ContainerSpec}, collecting every problem. */
final class SpecParser {
    /** The compose1 keys (docs/containers.md#keys) plus the builder keys. */
    static final Set<String> KEYS = Set.of(
            "detach",
            "env_file",
            "environment",
            "remove",
            "interactive",
            "tty",
            "net",
            "ipc",
            "pid",
            "uts",
            "ulimit",
            "healthcheck",
            "privileged",
            "restart",
            "user",
            "group_add",
            "volumes",
            "volumes_from",
            "log_tag",
            "cpu_shares",
            "mem_limit",
            "memswap_limit",
            "mem_swappiness",
            "security_opt",
            "stop_signal",
            "hostname",
            "extra_hosts",
            "cpuset_cpus",
            "stop_grace_period",
            "cap_add",
            "cap_drop",
            "image",
            "command",
            "start_order",
            "action",
            "exit_codes",
            // read by the container's systemd units (ContainerUnit)
            "depends_on",
            "check_interval",
            "systemd_exec_flags");
    /** Keys docker-cmd and paunch's docker builder ignore; accepted with a warning. */
    static final Set<String> IGNORED = Set.of(
            "config_volume",
            "pids_limit",
            "cgroup_parent",
            "devices",
            "dns",
            "dns_search",
            "entrypoint",
            "expose",
            "labels",
            "ports",
            "volume_driver",
            "cpu_quota",
            "domainname",
            "mac_address",
            "memory_reservation",
            "kernel_memory",
            "read_only",
            "shm_size",
            "stdin_open",
            "working_dir",
            "links",
            "test");

    private static final Set<String> VOLUME_OPTIONS =
            Set.of("ro", "rw", "z", "Z", "shared", "slave", "private", "rshared", "rslave", "rprivate", "nocopy");
    private static final Set<String> MAC_ONLY_VOLUME_OPTIONS = Set.of("consistent", "cached", "delegated");
    private static final Pattern RESTART = Pattern.compile("^(no|always|unless-stopped|on-failure(:\\d+)?)$");
    private static final Pattern ULIMIT = Pattern.compile("^([a-z]+)=(-?\\d+)(?::(-?\\d+))?$");
    private static final Pattern ENV_NAME = Pattern.compile("^[^=\\s]+$");

    private final String name;
    private final ObjectNode config;
    private final Map<String, String> agentEnv;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    SpecParser(String name, ObjectNode config, Map<String, String> agentEnv) {
        this.name = name;
        this.config = config;
        this.agentEnv = agentEnv;
    }

    ContainerSpec parse() {
        Iterator<String> keys = config.fieldNames();
        while (keys.hasNext()) {
            String k = keys.next();
            if (KEYS.contains(k)) continue;
            if (IGNORED.contains(k))
                warnings.add(DockerConfigException.problem(name, k, "ignored by docker-cmd (accepted, has no effect)"));
            else warnings.add(DockerConfigException.problem(name, k, "unknown key (accepted, has no effect)"));
        }
        ContainerSpec.Action action = ContainerSpec.Action.RUN;
        String actionText = text("action");
        if (actionText != null) {
            switch (actionText) {
                case "run" -> action = ContainerSpec.Action.RUN;
                case "exec" -> action = ContainerSpec.Action.EXEC;
                default -> problem("action", "unknown action '" + actionText + "' (expected run or exec)");
            }
        }
        int startOrder = intValue("start_order", 0);
        List<Integer> exitCodes = exitCodes();
        boolean detach = bool("detach", true);
        String image = text("image");
        if (action == ContainerSpec.Action.RUN && (image == null || image.isBlank())) {
            problem("image", "is required");
        } else if (image != null && !image.isEmpty() && !ImageRefs.isValid(image)) {
            problem("image", "is not a valid image reference ([registry/]name[:tag][@digest], lowercase name)");
        }
        List<String> command = command();
        if (action == ContainerSpec.Action.EXEC && command.size() < 2) {
            problem("command", "an exec needs the target container name and a command");
        }
        List<String> env = new ArrayList<>();
        for (String file : listOrString("env_file")) env.addAll(envFile(file));
        env.addAll(environment());

        EngineOptions options = new EngineOptions(
                bool("remove", false),
                bool("interactive", false),
                bool("tty", false),
                text("net"),
                text("ipc"),
                text("pid"),
                text("uts"),
                list("ulimit", this::ulimit),
                healthcheck(),
                (config.has("privileged") && !config.get("privileged").isNull()) ? bool("privileged", false) : null,
                restart(),
                text("user"),
                list("group_add", Function.identity()),
                list("volumes", this::volume),
                list("volumes_from", this::volumesFrom),
                text("log_tag"),
                integer("cpu_shares"),
                size("mem_limit"),
                size("memswap_limit"),
                swappiness(),
                listOrString("security_opt").stream()
                        .map(SpecParser::securityOpt)
                        .toList(),
                text("stop_signal"),
                text("hostname"),
                list("extra_hosts", this::extraHost),
                cpuset(),
                stopGrace(),
                list("cap_add", c -> capability("cap_add", c)),
                list("cap_drop", c -> capability("cap_drop", c)));
        for (ContainerUnit.Problem p : ContainerUnit.problems(config)) problem(p.key(), p.message());
        if (!problems.isEmpty()) throw new DockerConfigException(problems);
        return new ContainerSpec(
                name, config, action, startOrder, exitCodes, detach, image, command, env, options, warnings);
    }

    private void problem(String key, String message) {
        problems.add(DockerConfigException.problem(name, key, message));
    }

    private JsonNode value(String key) {
        JsonNode v = config.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private String text(String key) {
        JsonNode v = value(key);
        if (v == null) return null;
        if (v.isContainerNode()) {
            problem(key, "must be a string, not " + (v.isArray() ? "a list" : "a map"));
            return null;
        }
        return v.asText();
    }

    private boolean bool(String key, boolean dflt) {
        JsonNode v = value(key);
        if (v == null) return dflt;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber() && (v.intValue() == 0 || v.intValue() == 1)) return v.intValue() == 1;
        if (v.isTextual()) {
            switch (v.textValue().trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> {
                    return true;
                }
                case "false", "no", "0" -> {
                    return false;
                }
                default -> {}
            }
        }
        problem(key, "must be true or false, not " + v);
        return dflt;
    }

    private int intValue(String key, int dflt) {
        Integer i = integer(key);
        return i == null ? dflt : i;
    }

    private Integer integer(String key) {
        JsonNode v = value(key);
        if (v == null) return null;
        if (v.isIntegralNumber() && v.canConvertToInt()) return v.intValue();
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.textValue().trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        problem(key, "must be an integer, not " + v);
        return null;
    }

    private Long size(String key) {
        JsonNode v = value(key);
        if (v == null) return null;
        try {
            return Units.bytes(v);
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return null;
        }
    }

    private Long swappiness() {
        Integer i = integer("mem_swappiness");
        if (i == null) return null;
        if (i < 0 || i > 100) {
            problem("mem_swappiness", "must be between 0 and 100, not " + i);
            return null;
        }
        return i.longValue();
    }

    private List<Integer> exitCodes() {
        JsonNode v = value("exit_codes");
        if (v == null) return List.of(0);
        List<Integer> codes = new ArrayList<>();
        for (JsonNode n : v.isArray() ? v : List.of(v)) {
            if (n.isIntegralNumber() && n.canConvertToInt()) codes.add(n.intValue());
            else problem("exit_codes", "must be a list of integers, not " + v);
        }
        return codes;
    }

    /** A list key: a string is rejected (paunch iterated its characters); empty items are skipped. */
    private <T> List<T> list(String key, Function<String, T> item) {
        JsonNode v = value(key);
        if (v == null) return List.of();
        if (!v.isArray()) {
            problem(key, "must be a list, not " + v);
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (JsonNode n : v) {
            if (n == null || n.isNull() || n.isContainerNode()) {
                if (n != null && n.isContainerNode()) problem(key, "items must be strings, not " + n);
                continue;
            }
            String s = n.asText();
            if (s.isEmpty()) continue;
            T t = item.apply(s);
            if (t != null) out.add(t);
        }
        return out;
    }

    private List<String> listOrString(String key) {
        JsonNode v = value(key);
        if (v == null) return List.of();
        if (v.isTextual()) return v.textValue().isEmpty() ? List.of() : List.of(v.textValue());
        return list(key, Function.identity());
    }

    private List<String> command() {
        JsonNode v = value("command");
        if (v == null) return List.of();
        if (v.isTextual()) {
            String t = v.textValue().trim();
            return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
        }
        if (!v.isArray()) {
            problem("command", "must be a string or a list, not " + v);
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : v) {
            if (n.isContainerNode() || n.isNull()) problem("command", "items must be strings, not " + n);
            else out.add(n.asText());
        }
        return out;
    }

    private List<String> environment() {
        JsonNode v = value("environment");
        if (v == null) return List.of();
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode n : v) {
                if (n.isNull()) continue;
                if (n.isContainerNode()) {
                    problem("environment", "items must be strings, not " + n);
                    continue;
                }
                String item = n.asText();
                if (item.isEmpty()) continue;
                out.add(resolveBare(item));
            }
        } else if (v.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            v.properties().iterator().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            sorted.forEach((k, val) -> {
                if (!ENV_NAME.matcher(k).matches()) {
                    problem("environment", "invalid variable name '" + k + "'");
                } else if (val.isContainerNode()) {
                    problem("environment", "value of " + k + " must be a scalar");
                } else if (falsy(val)) {
                    // paunch emitted a bare --env=K for falsy values (docs/containers.md#keys): the CLI then resolved
                    // K.
                    warnings.add(
                            DockerConfigException.problem(
                                    name,
                                    "environment",
                                    k
                                            + " has a false/empty value; treated as a bare name resolved from the agent's environment"));
                    out.add(resolveBare(k));
                } else {
                    out.add(k + "=" + pythonStr(val));
                }
            });
        } else if (v.isTextual()) {
            problem("environment", "must be a list or a map, not a string");
        } else {
            problem("environment", "must be a list or a map, not " + v);
        }
        return out;
    }

    private static boolean falsy(JsonNode v) {
        return v.isNull()
                || (v.isBoolean() && !v.booleanValue())
                || (v.isNumber() && v.decimalValue().signum() == 0)
                || (v.isTextual() && v.textValue().isEmpty());
    }

    private static String pythonStr(JsonNode v) {
        if (v.isBoolean()) return v.booleanValue() ? "True" : "False";
        return v.asText();
    }

    /** {@code NAME} without {@code =}: the docker CLI took the value from its own environment. */
    private String resolveBare(String item) {
        if (item.indexOf('=') >= 0) return item;
        String value = agentEnv.get(item);
        return value == null ? item : item + "=" + value;
    }

    private List<String> envFile(String file) {
        Path path = Path.of(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problem(
                    "env_file",
                    "cannot read " + file + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            String key = eq < 0 ? line.strip() : line.substring(0, eq);
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
                problem("env_file", file + " line " + (i + 1) + ": variable name '" + key + "' has white space");
                continue;
            }
            out.add(eq < 0 ? resolveBare(key) : line);
        }
        return out;
    }

    private UlimitSpec ulimit(String item) {
        var m = ULIMIT.matcher(item.trim());
        if (!m.matches()) {
            problem("ulimit", "'" + item + "' is not name=soft[:hard]");
            return null;
        }
        long soft = Long.parseLong(m.group(2));
        long hard = m.group(3) == null ? soft : Long.parseLong(m.group(3));
        if (soft > hard && hard != -1) {
            problem("ulimit", "'" + item + "': soft limit is above the hard limit");
            return null;
        }
        return new UlimitSpec(m.group(1), soft, hard);
    }

    private HealthcheckSpec healthcheck() {
        JsonNode v = value("healthcheck");
        if (v == null) return null;
        if (!v.isObject()) {
            problem("healthcheck", "must be a map with test, interval, timeout, retries");
            return null;
        }
        v.fieldNames().forEachRemaining(k -> {
            if (!Set.of("test", "interval", "timeout", "retries", "start_period")
                    .contains(k)) {
                warnings.add(DockerConfigException.problem(name, "healthcheck." + k, "unknown key (ignored)"));
            }
        });
        JsonNode test = v.get("test");
        List<String> testList;
        if (test == null
                || test.isNull()
                || (test.isTextual() && test.textValue().isBlank())) {
            problem("healthcheck.test", "is required");
            return null;
        } else if (test.isTextual()) {
            testList = List.of("CMD-SHELL", test.textValue());
        } else if (test.isArray() && !test.isEmpty()) {
            List<String> items = new ArrayList<>();
            test.forEach(n -> items.add(n.asText()));
            String first = items.getFirst();
            testList = Set.of("CMD", "CMD-SHELL", "NONE").contains(first) ? items : prepend("CMD", items);
        } else {
            problem("healthcheck.test", "must be a string or a list");
            return null;
        }
        Long interval = duration(v, "interval");
        Long timeout = duration(v, "timeout");
        Long start = duration(v, "start_period");
        Integer retries = null;
        JsonNode r = v.get("retries");
        if (r != null && !r.isNull()) {
            if (r.canConvertToInt() && (r.isIntegralNumber() || r.asText().matches("\\d+"))) retries = r.asInt();
            else problem("healthcheck.retries", "must be an integer, not " + r);
        }
        return new HealthcheckSpec(testList, interval, timeout, retries, start);
    }

    private static List<String> prepend(String head, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(head);
        out.addAll(rest);
        return out;
    }

    private Long duration(JsonNode parent, String key) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) return null;
        try {
            return Units.durationNanos(v);
        } catch (IllegalArgumentException | ArithmeticException e) {
            problem("healthcheck." + key, e.getMessage());
            return null;
        }
    }

    private Integer stopGrace() {
        JsonNode v = value("stop_grace_period");
        if (v == null) return null;
        try {
            return Units.durationWholeSeconds(v);
        } catch (IllegalArgumentException | ArithmeticException e) {
            problem("stop_grace_period", e.getMessage());
            return null;
        }
    }

    private String restart() {
        String r = text("restart");
        if (r == null) return null;
        if (!RESTART.matcher(r).matches()) {
            problem("restart", "'" + r + "' is not no, always, unless-stopped or on-failure[:N]");
            return null;
        }
        return r;
    }

    private String cpuset() {
        String c = text("cpuset_cpus");
        if (c == null || c.equals("all")) return null;
        if (!c.matches("^\\d+(-\\d+)?(,\\d+(-\\d+)?)*$")) {
            problem("cpuset_cpus", "'" + c + "' is not a CPU list such as 0-3,6");
            return null;
        }
        return c;
    }

    private VolumeSpec volume(String item) {
        String[] parts = item.split(":", -1);
        if (parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
            problem("volumes", "'" + item + "' is not src:dst[:options]");
            return null;
        }
        if (parts.length == 1) {
            if (!parts[0].startsWith("/")) {
                problem("volumes", "'" + item + "': an anonymous volume needs an absolute path");
                return null;
            }
            return new VolumeSpec(item, VolumeSpec.Kind.ANONYMOUS, null, parts[0], List.of());
        }
        String src = parts[0];
        String dst = parts[1];
        if (!dst.startsWith("/")) {
            problem("volumes", "'" + item + "': the destination must be an absolute path");
            return null;
        }
        List<String> opts = parts.length == 3 ? List.of(parts[2].split(",", -1)) : List.of();
        for (String o : opts) {
            if (MAC_ONLY_VOLUME_OPTIONS.contains(o)) {
                warnings.add(DockerConfigException.problem(
                        name, "volumes", "'" + item + "': option " + o + " has no effect on Linux"));
            } else if (!VOLUME_OPTIONS.contains(o)) {
                problem("volumes", "'" + item + "': unknown option '" + o + "'");
                return null;
            }
        }
        if (opts.contains("ro") && opts.contains("rw")) {
            problem("volumes", "'" + item + "': both ro and rw");
            return null;
        }
        VolumeSpec.Kind kind;
        if (src.startsWith("/")) {
            kind = VolumeSpec.Kind.BIND;
        } else if (src.contains("/") || !src.matches("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")) {
            problem("volumes", "'" + item + "': source must be an absolute path or a volume name");
            return null;
        } else {
            kind = VolumeSpec.Kind.NAMED;
        }
        return new VolumeSpec(
                item,
                kind,
                src,
                dst,
                opts.stream().filter(o -> !MAC_ONLY_VOLUME_OPTIONS.contains(o)).toList());
    }

    private String volumesFrom(String item) {
        if (!item.matches("^[a-zA-Z0-9][a-zA-Z0-9_.-]*(:(ro|rw))?$")) {
            problem("volumes_from", "'" + item + "' is not container[:ro|rw]");
            return null;
        }
        return item;
    }

    private String extraHost(String item) {
        int colon = item.indexOf(':');
        if (colon <= 0 || colon == item.length() - 1) {
            problem("extra_hosts", "'" + item + "' is not host:ip");
            return null;
        }
        return item;
    }

    private String capability(String key, String item) {
        String c = item.trim().toUpperCase(Locale.ROOT);
        if (c.startsWith("CAP_")) c = c.substring(4);
        try {
            com.github.dockerjava.api.model.Capability.valueOf(c);
            return c;
        } catch (IllegalArgumentException e) {
            problem(key, "unknown capability '" + item + "'");
            return null;
        }
    }

    /** {@code label:disable} (deprecated colon form) → {@code label=disable}, as the daemon reads it. */
    static String securityOpt(String opt) {
        if (opt.indexOf('=') < 0 && opt.indexOf(':') > 0) {
            int c = opt.indexOf(':');
            return opt.substring(0, c) + "=" + opt.substring(c + 1);
        }
        return opt;
    }
}
