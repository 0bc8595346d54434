package dev.hearth.configvolume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.hook.InvalidDeploymentException;
import dev.hearth.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Group {@code container-puppet} (alias {@code docker-puppet}, {@link #ALIASES}): generates the
 * config volumes of a role. {@code config} is the list of the role's {@code puppet_config} entries
 * ({@link PuppetConfigEntry}); they are grouped ({@link ConfigVolumeGrouping}) and generated
 * ({@link ConfigVolumeGenerator}).
 *
 * <p>Inputs (all optional): {@code step} (number, default 6 = the final configuration; the hiera
 * value {@code step} seen by puppet), {@code config_volume} (generate only this volume),
 * {@code net_host} (boolean, default from the settings, normally true). Options are not used.
 *
 * <p>Response: {@code deploy_stdout} has one line per volume with its checksums and whether they
 * changed; {@code deploy_stderr} has grouping warnings and, for each failed volume, its name, why,
 * the container kept for debugging and puppet's output; {@code deploy_status_code} is 0 when every
 * volume succeeded, else 1 (the other volumes are still generated).
 */
public final class ConfigVolumeHook implements Hook {
    public static final String GROUP = "container-puppet";
    public static final List<String> ALIASES = List.of("docker-puppet");

    private final ConfigVolumeGenerator generator;

    public ConfigVolumeHook(ConfigVolumeGenerator generator) {
        this.generator = generator;
    }

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public HookResponse run(Deployment d, HookContext ctx) throws InterruptedException {
        ConfigVolumeGrouping.Result grouping;
        int step;
        boolean netHost;
        try {
            step = intInput(d, "step", 6);
            netHost = boolInput(d, "net_host", generator.settings().netHost());
            grouping = ConfigVolumeGrouping.group(
                    PuppetConfigEntry.listFrom(d.config(), "$.config"),
                    d.input("config_volume").filter(s -> !s.isBlank()));
        } catch (InvalidDeploymentException e) {
            return HookResponse.failure("container-puppet: " + e.getMessage() + "\n");
        }
        if (grouping.volumes().isEmpty()) {
            return HookResponse.of("no config volumes to generate\n", lines(grouping.warnings()), 0);
        }
        ConfigVolumeGenerator.Report report = generator.generate(
                grouping.volumes(), new ConfigVolumeGenerator.RunOptions(step, false, netHost), ctx.progress());
        return respond(report, grouping.warnings());
    }

    /**
     * What running {@code d} would change in its config volumes, without changing them
     * ({@link ConfigVolumeCheck}); {@code puppetEtc} is the puppet configuration the run would see.
     */
    public List<ConfigVolumeCheck.VolumeCheck> check(Deployment d, Path puppetEtc, Path scratch)
            throws InterruptedException, IOException {
        int step = intInput(d, "step", 6);
        ConfigVolumeGrouping.Result grouping = ConfigVolumeGrouping.group(
                PuppetConfigEntry.listFrom(d.config(), "$.config"),
                d.input("config_volume").filter(s -> !s.isBlank()));
        return new ConfigVolumeCheck(generator).check(grouping.volumes(), step, puppetEtc, scratch);
    }

    /** Where the puppet containers read the node's puppet configuration (hiera) from. */
    public Path puppetEtcDir() {
        return generator.settings().puppetEtcDir();
    }

    static HookResponse respond(ConfigVolumeGenerator.Report report, List<String> warnings) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder(lines(warnings));
        for (ConfigVolumeGenerator.VolumeResult r : report.results()) {
            if (r.succeeded()) {
                out.append(r.volume()).append(": ok");
                if (r.checksum() != null) {
                    out.append(", checksum ")
                            .append(r.checksum())
                            .append(", puppet-generated ")
                            .append(r.generatedChecksum())
                            .append(r.checksumChanged() ? " (changed)" : " (unchanged)");
                }
                out.append(String.format(Locale.ROOT, ", %.1f s%n", r.duration().toMillis() / 1000.0));
            } else {
                out.append(r.volume()).append(": FAILED\n");
                err.append("config volume ")
                        .append(r.volume())
                        .append(" failed: ")
                        .append(r.error());
                if (r.keptContainer() != null)
                    err.append("; container ").append(r.keptContainer()).append(" kept for debugging");
                err.append('\n');
                if (!r.output().isEmpty()) {
                    err.append("--- output of the puppet container for ")
                            .append(r.volume())
                            .append(" ---\n")
                            .append(r.output());
                    if (!r.output().endsWith("\n")) err.append('\n');
                    err.append("--- end of output for ").append(r.volume()).append(" ---\n");
                }
            }
        }
        List<String> failed = report.failures().stream()
                .map(ConfigVolumeGenerator.VolumeResult::volume)
                .toList();
        if (!failed.isEmpty())
            err.append("failed config volumes: ")
                    .append(String.join(", ", failed))
                    .append('\n');
        return HookResponse.of(out.toString(), err.toString(), failed.isEmpty() ? 0 : 1);
    }

    static String lines(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append("warning: ").append(l).append('\n'));
        return sb.toString();
    }

    static int intInput(Deployment d, String name, int dflt) {
        JsonNode v = d.inputValues().get(name);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) return dflt;
        if (v.isIntegralNumber()) return v.intValue();
        try {
            return Integer.parseInt(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new InvalidDeploymentException("$.inputs." + name, "must be a whole number, not " + Json.asText(v));
        }
    }

    static boolean boolInput(Deployment d, String name, boolean dflt) {
        JsonNode v = d.inputValues().get(name);
        if (v == null || v.isNull()) return dflt;
        if (v.isBoolean()) return v.booleanValue();
        return switch (v.asText().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            case "" -> dflt;
            default -> throw new InvalidDeploymentException("$.inputs." + name, "must be true or false");
        };
    }

    static Optional<String> text(Deployment d, String name) {
        return d.input(name).map(String::trim).filter(s -> !s.isEmpty());
    }
}
