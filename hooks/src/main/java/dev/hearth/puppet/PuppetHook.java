package dev.hearth.puppet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.DeploymentSecrets;
import dev.hearth.hook.HeatInputs;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.hook.OutputFiles;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessResult;
import dev.hearth.process.ProcessRunner;
import dev.hearth.secret.Secrets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Group {@code puppet} (docs/heat-protocol.md#hooks-of-heat-agents): the deployment's {@code config} is a manifest run
 * with {@code puppet apply --detailed-exitcodes} on the host; exit codes 0 and 2 are success.
 *
 * <p>Options ({@code options: null} is {@code {}}): {@code enable_facter} (default true: each
 * input is a fact {@code FACTER_<name>}), {@code enable_hiera} (default false: inputs are written to
 * {@code <hieradata>/heat_config_<name>.json} and the fact {@code deploy_config_name} names it),
 * {@code modulepath}, {@code tags}, {@code enable_debug}, {@code enable_verbose}. Booleans may be
 * JSON booleans or the strings true/false/yes/no/1/0.
 *
 * <p>Every input is a fact, as in heat-agents, except Heat's signalling inputs and those named in
 * the option {@code withhold_inputs} ({@link HeatInputs}); facts travel in the environment and
 * hiera in a 0600 file, never on the command line. Fixes over the Python hook: inputs of any type
 * work (scalars as text facts, maps and lists as JSON text facts, and with their JSON type in
 * hiera); a missing {@code creation_time} does not crash; puppet missing is a failure (status 127), not an
 * empty success. The fact {@code heat_outputs_path} tells the manifest where declared outputs go.
 */
public final class PuppetHook implements Hook {
    public static final String GROUP = "puppet";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern UNSAFE_FILE_CHARS = Pattern.compile("[^A-Za-z0-9_.+-]");
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    private final ProcessRunner runner;
    private final PuppetSettings settings;

    public PuppetHook(ProcessRunner runner, PuppetSettings settings) {
        this.runner = runner;
        this.settings = settings;
    }

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public HookResponse run(Deployment d, HookContext ctx) throws InterruptedException {
        String manifest = Json.asText(d.config());
        if (manifest.isBlank()) {
            return HookResponse.failure("puppet hook: deployment " + d.name() + " has an empty manifest");
        }
        ObjectNode options = d.options();
        boolean facter = flag(options, "enable_facter", true);
        boolean hiera = flag(options, "enable_hiera", false);
        Secrets secrets = DeploymentSecrets.of(d);
        List<String> notes = new ArrayList<>();
        try {
            AtomicFiles.ensureDirectory(ctx.workingDir(), AtomicFiles.DIR_0700);
            AtomicFiles.ensureDirectory(ctx.outputsDir(), AtomicFiles.DIR_0700);
            OutputFiles.clear(ctx, d);

            Map<String, JsonNode> inputs = HeatInputs.exported(d);
            Map<String, String> env = new HashMap<>(ctx.environment());
            if (facter) {
                inputs.forEach((name, value) -> {
                    if (ENV_NAME.matcher(name).matches()) {
                        env.put("FACTER_" + name, Json.asText(value));
                    } else {
                        notes.add("puppet hook: input '" + name + "' is not a valid fact name, not exported as a fact");
                    }
                });
            }
            if (hiera) {
                String configName = safeFileName(d.name());
                ObjectNode data = Json.object();
                inputs.forEach(data::set);
                Path file = settings.hieraDataDir().resolve("heat_config_" + configName + ".json");
                AtomicFiles.write(file, Json.writePretty(data) + "\n", AtomicFiles.FILE_0600);
                env.put("FACTER_deploy_config_name", configName);
            }
            env.put("FACTER_heat_outputs_path", OutputFiles.outputsPath(ctx, d).toString());

            Path manifestFile = ctx.workingDir().resolve(safeFileName(d.id()) + ".pp");
            AtomicFiles.write(manifestFile, manifest, AtomicFiles.FILE_0600);

            List<String> cmd = command(options, manifestFile);
            if (flag(options, "enable_debug", false) || flag(options, "enable_verbose", false)) {
                java.nio.file.Files.createDirectories(settings.debugLogDir());
            }
            ProcessResult r;
            try {
                r = runner.run(
                        cmd,
                        ctx.workingDir(),
                        env,
                        null,
                        ctx.timeout(),
                        line -> ctx.progress().accept(secrets.mask(line)));
            } catch (IOException e) {
                return HookResponse.of(
                        "",
                        "puppet hook: cannot run " + String.join(" ", settings.command()) + ": " + e.getMessage(),
                        127);
            }
            String stdout = secrets.mask(r.stdout());
            StringBuilder stderr = new StringBuilder(secrets.mask(r.stderr()));
            int code = switch (r.exitCode()) {
                case 0, 2 -> 0; // --detailed-exitcodes: 0 nothing to do, 2 changes applied
                default -> r.exitCode();
            };
            if (r.timedOut()) {
                code = 124;
                stderr.insert(0, ProcessResult.timedOutLine("puppet hook: puppet", ctx.timeout()) + "\n");
            }
            notes.forEach(n -> appendLine(stderr, n));
            keepLogs(d, stdout, stderr.toString(), notes);
            return OutputFiles.collect(HookResponse.of(stdout, stderr.toString(), code), ctx, d);
        } catch (IOException e) {
            return HookResponse.failure(
                    "puppet hook: deployment " + d.name() + ": " + secrets.mask(String.valueOf(e.getMessage())));
        }
    }

    /** {@code puppet apply} with the options in heat-agents' order; package-visible for tests. */
    List<String> command(ObjectNode options, Path manifestFile) {
        List<String> cmd = new ArrayList<>(settings.command());
        cmd.add("apply");
        cmd.addAll(settings.extraArgs());
        cmd.addAll(List.of("--color", "false", "--detailed-exitcodes", "--logdest", "console"));
        String modulepath = text(options, "modulepath");
        if (!modulepath.isEmpty()) cmd.addAll(List.of("--modulepath", modulepath));
        String tags = text(options, "tags");
        if (!tags.isEmpty()) cmd.addAll(List.of("--tags", tags));
        if (flag(options, "enable_debug", false)) {
            cmd.addAll(List.of(
                    "--debug",
                    "--logdest",
                    settings.debugLogDir().resolve("heat-debug.log").toString()));
        }
        if (flag(options, "enable_verbose", false)) {
            cmd.addAll(List.of(
                    "--verbose",
                    "--logdest",
                    settings.debugLogDir().resolve("heat-verbose.log").toString()));
        }
        cmd.add(manifestFile.toString());
        return cmd;
    }

    private void keepLogs(Deployment d, String stdout, String stderr, List<String> notes) {
        if (settings.logDir() == null) return;
        String time = d.creationTime() == null
                ? LOG_TIME.format(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                : d.creationTime().replaceAll("[:T]", "-");
        String prefix = safeFileName(time) + "-" + safeFileName(d.id());
        try {
            AtomicFiles.ensureDirectory(settings.logDir(), AtomicFiles.DIR_0700);
            AtomicFiles.write(settings.logDir().resolve(prefix + "-stdout.log"), stdout, AtomicFiles.FILE_0600);
            AtomicFiles.write(settings.logDir().resolve(prefix + "-stderr.log"), stderr, AtomicFiles.FILE_0600);
        } catch (IOException e) {
            notes.add("puppet hook: cannot keep logs in " + settings.logDir() + ": " + e.getMessage());
        }
    }

    static String safeFileName(String s) {
        String out = UNSAFE_FILE_CHARS.matcher(s).replaceAll("_");
        return out.isEmpty() || out.equals(".") || out.equals("..") ? "_" : out;
    }

    static boolean flag(ObjectNode options, String name, boolean dflt) {
        JsonNode v = options.get(name);
        if (v == null || v.isNull()) return dflt;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) return v.asInt() != 0;
        return switch (v.asText().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> dflt;
        };
    }

    private static String text(ObjectNode options, String name) {
        JsonNode v = options.get(name);
        if (v == null || v.isNull()) return "";
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(n -> parts.add(n.asText()));
            return String.join(name.equals("modulepath") ? ":" : ",", parts);
        }
        return v.asText().trim();
    }

    private static void appendLine(StringBuilder sb, String line) {
        if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') sb.append('\n');
        sb.append(line).append('\n');
    }
}
