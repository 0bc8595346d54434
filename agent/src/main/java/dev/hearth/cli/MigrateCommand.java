package dev.hearth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.agent.BuiltinHooks;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigException;
import dev.hearth.config.ConfigLoader;
import dev.hearth.deploy.HeatConfigAdoption;
import dev.hearth.deploy.HookResolver;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.hook.HookRegistry;
import dev.hearth.hook.external.HookLocator;
import dev.hearth.json.Json;
import dev.hearth.json.Yaml;
import dev.hearth.migrate.OccConf;
import dev.hearth.migrate.OccConfTranslator;
import dev.hearth.migrate.ServiceSwitch;
import dev.hearth.systemctl.Systemctl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hearth migrate}: take a node over from os-collect-config. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Take this node over from os-collect-config: translate /etc/os-collect-config.conf into agent.yaml "
                    + "(collectors, their sections, polling_interval, min_polling_interval, splay), list every "
                    + "option Hearth has no equivalent for, count the heat-config markers the agent will adopt "
                    + "on its first start (so nothing runs again), and name the deployment groups of those "
                    + "markers that have no built-in Hearth hook (their Python hooks are still needed).",
            "",
            "Then the service switch: os-collect-config's service and timer are stopped and disabled, its "
                    + "cron entries in /etc/cron.d moved aside, hearth-agent.service enabled and started; "
                    + "os-collect-config.conf and what was switched are kept in <state_dir>/migrate for --back. "
                    + "Where systemd is not running (or with --root) only unit files are changed.",
            "",
            "--back goes the other way: stops and disables hearth-agent, writes heat-config's markers for "
                    + "every deployment Hearth ran (so the Python agent runs none of them again), restores "
                    + "os-collect-config.conf, enables and starts os-collect-config again and puts its cron "
                    + "entries back. No container is stopped or removed either way.",
            "",
            "--dry-run prints all of it (credentials masked) and changes nothing."
        },
        footer = {
            "",
            "Exit status: 0 done (or dry run); 1 the service switch failed (what was done is printed); "
                    + "2 the file cannot be read or translated, or agent.yaml cannot be written."
        })
public final class MigrateCommand implements Callable<Integer> {
    private static final Map<String, List<String>> SECRETS = Map.of(
            "heat",
            List.of("password"),
            "zaqar",
            List.of("password"),
            "cfn",
            List.of("secret_access_key"),
            "request",
            List.of("metadata_url"));

    @Option(
            names = "--os-collect-config",
            paramLabel = "FILE",
            description = "os-collect-config's configuration " + "(default: ${DEFAULT-VALUE}).")
    Path occConf = Path.of("/etc/os-collect-config.conf");

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "The agent.yaml to write (default: ${DEFAULT-VALUE}).")
    Path output = Path.of("/etc/hearth/agent.yaml");

    @Option(
            names = "--heat-config-deployed",
            paramLabel = "DIR",
            description = "heat-config's markers "
                    + "(default: ${DEFAULT-VALUE}; with --back: the agent.yaml's heat_config_deployed_dir).")
    Path deployedDir;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "The agent's state directory (default: the "
                    + "agent.yaml's state_dir); the migration keeps its copies in <DIR>/migrate.")
    Path stateDir;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description = "The node's file system for unit files and cron "
                    + "entries (default: /). Another root, or a machine where systemd is not running, gets "
                    + "systemctl --root: units enabled or disabled, nothing started or stopped.")
    Path root = Path.of("/");

    @Option(names = "--back", description = "Hand the node back to os-collect-config.")
    boolean back;

    @Option(names = "--dry-run", description = "Print what would be done; change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    public MigrateCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (back) return new MigrateBack(this, out).call();
            if (deployedDir == null) deployedDir = AgentConfig.HEAT_CONFIG_DEPLOYED;
            byte[] original = Files.readAllBytes(occConf);
            OccConf conf =
                    OccConf.parse(new String(original, java.nio.charset.StandardCharsets.UTF_8), occConf.toString());
            OccConfTranslator.Translation t = new OccConfTranslator().translate(conf);
            String yaml = t.yaml();
            if (!deployedDir.equals(AgentConfig.HEAT_CONFIG_DEPLOYED)) {
                ObjectNode tree = (ObjectNode) Yaml.read(yaml, Yaml.Keys.UNIQUE);
                tree.put("heat_config_deployed_dir", deployedDir.toString());
                yaml = Json.yaml().writeValueAsString(tree);
            }
            AgentConfig config = new ConfigLoader().parse(yaml, "generated agent.yaml");

            out.println(dryRun ? "hearth migrate: dry run, nothing is changed" : "hearth migrate");
            out.println("collectors: " + String.join(", ", t.collectors()));
            out.println("options with no Hearth equivalent (" + t.unmapped().size() + "):");
            t.unmapped().forEach(u -> out.println("  " + u));
            if (!t.problems().isEmpty()) {
                out.println("to check before switching (" + t.problems().size() + "):");
                t.problems().forEach(p -> out.println("  " + p));
            }
            reportMarkers(out, config);
            if (dryRun) {
                out.println("agent.yaml that would be written to " + output + " (mode 0600; secrets masked here):");
                out.print(masked(yaml));
            } else {
                AtomicFiles.write(output, yaml, AtomicFiles.FILE_0600);
                out.println("wrote " + output + " (mode 0600)");
            }
            Path migrateDir = (stateDir != null ? stateDir : config.stateDir()).resolve("migrate");
            if (!dryRun) {
                AtomicFiles.ensureDirectory(migrateDir.getParent(), AtomicFiles.DIR_0700);
                AtomicFiles.ensureDirectory(migrateDir, AtomicFiles.DIR_0700);
                AtomicFiles.write(migrateDir.resolve(SAVED_CONF), original, AtomicFiles.FILE_0600);
                out.println("kept " + occConf + " as " + migrateDir.resolve(SAVED_CONF) + " (for --back)");
            }
            out.println("service switch:");
            ServiceSwitch services = serviceSwitch(migrateDir);
            ServiceSwitch.Found found = services.find();
            if (!dryRun) {
                // written first: a switch that fails half way can still be undone by --back
                AtomicFiles.write(
                        migrateDir.resolve(SWITCH_RECORD),
                        Json.mapper().writeValueAsString(Map.of("os_collect_config_enabled", found.enabledOcc())),
                        AtomicFiles.FILE_0600);
            }
            try {
                services.forward(found, dryRun, line -> out.println("  " + line));
            } catch (IllegalStateException e) {
                out.flush();
                err.println("hearth migrate: service switch failed: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            out.flush();
            return ExitCodes.OK;
        } catch (NoSuchFileException e) {
            err.println("hearth migrate: " + e.getFile() + ": no such file");
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("hearth migrate: " + e);
            return ExitCodes.BAD_INPUT;
        } catch (ConfigException e) {
            err.println("hearth migrate: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    private void reportMarkers(PrintWriter out, AgentConfig config) throws IOException {
        List<HeatConfigAdoption.Marker> markers = HeatConfigAdoption.markers(config.heatConfigDeployedDir());
        out.println("heat-config markers to adopt on the agent's first start: " + markers.size() + " (from "
                + config.heatConfigDeployedDir() + ")");
        HookRegistry builtins = BuiltinHooks.create(config, new SimpleMeterRegistry());
        HookLocator locator = new HookLocator(config.hookSearchPath());
        Map<String, Integer> missing = new TreeMap<>();
        for (HeatConfigAdoption.Marker m : markers) {
            String g = m.group();
            if (g.equals("unknown") || g.equals("component") || HookResolver.DATA_GROUPS.contains(g)) continue;
            if (builtins.find(g).isEmpty()) missing.merge(g, 1, Integer::sum);
        }
        out.println("groups with no built-in Hearth hook (a Python hook is still needed): " + missing.size());
        missing.forEach((g, n) -> out.println("  " + g + " (" + n + " marker" + (n == 1 ? "" : "s") + "; "
                + locator.find(g).map(p -> "hook found: " + p).orElse("no executable hook in " + locator.directories())
                + ")"));
    }

    static final String SAVED_CONF = "os-collect-config.conf";
    static final String SWITCH_RECORD = "switch.json";

    ServiceSwitch serviceSwitch(Path migrateDir) {
        return new ServiceSwitch(Systemctl.forRoot(root), root.resolve("etc/cron.d"), migrateDir.resolve("cron.d"));
    }

    private static String masked(String yaml) {
        try {
            ObjectNode tree = (ObjectNode) Yaml.read(yaml, Yaml.Keys.UNIQUE);
            SECRETS.forEach((section, keys) -> {
                if (tree.get(section) instanceof ObjectNode s) {
                    keys.forEach(k -> {
                        if (s.hasNonNull(k)) s.put(k, "********");
                    });
                }
            });
            return Json.yaml().writeValueAsString(tree);
        } catch (IOException | RuntimeException e) {
            return "(cannot show)\n";
        }
    }
}
