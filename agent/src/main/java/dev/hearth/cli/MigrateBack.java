package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigLoader;
import dev.hearth.deploy.DeploymentRecord;
import dev.hearth.deploy.DeploymentStore;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.json.Json;
import dev.hearth.migrate.HeatConfigMarkers;
import dev.hearth.migrate.ServiceSwitch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code hearth migrate --back}: the node goes back to os-collect-config, in an order where nothing runs
 * twice: Hearth stops first, then every deployment it ran gets heat-config's marker, then
 * os-collect-config gets its configuration and services back. Containers are left as they are.
 */
final class MigrateBack {
    private final MigrateCommand cmd;
    private final PrintWriter out;

    MigrateBack(MigrateCommand cmd, PrintWriter out) {
        this.cmd = cmd;
        this.out = out;
    }

    int call() throws IOException {
        AgentConfig config = Files.isRegularFile(cmd.output)
                ? new ConfigLoader().parse(Files.readString(cmd.output), cmd.output.toString())
                : new ConfigLoader().parse("", "built-in defaults");
        Path stateDir = cmd.stateDir != null ? cmd.stateDir : config.stateDir();
        Path deployed = cmd.deployedDir != null ? cmd.deployedDir : config.heatConfigDeployedDir();
        Path migrateDir = stateDir.resolve("migrate");
        boolean dry = cmd.dryRun;
        ServiceSwitch services = cmd.serviceSwitch(migrateDir);
        out.println(dry ? "hearth migrate --back: dry run, nothing is changed" : "hearth migrate --back");

        out.println("hearth-agent:");
        try {
            services.stopHearth(dry, line -> out.println("  " + line));
        } catch (IllegalStateException e) {
            return failed("stopping hearth-agent failed: " + e.getMessage());
        }

        List<DeploymentRecord> records =
                Files.isDirectory(stateDir.resolve("deployments")) ? new DeploymentStore(stateDir).list() : List.of();
        HeatConfigMarkers.Outcome markers = new HeatConfigMarkers(deployed).write(records, dry);
        out.println("heat-config markers " + (dry ? "to write" : "written") + " in " + deployed + ": "
                + markers.written().size() + " (of " + records.size() + " deployments Hearth knows; "
                + markers.present().size() + " had one already)");
        Path adopted = stateDir.resolve("heat-config-adopted");
        if (Files.exists(adopted)) {
            // a later migrate must take over what the Python agent runs from now on
            if (!dry) Files.delete(adopted);
            out.println((dry ? "would remove " : "removed ") + adopted
                    + " (the next migrate adopts heat-config's markers again)");
        }

        Path saved = migrateDir.resolve(MigrateCommand.SAVED_CONF);
        if (Files.isRegularFile(saved)) {
            byte[] original = Files.readAllBytes(saved);
            if (Files.isRegularFile(cmd.occConf) && Arrays.equals(Files.readAllBytes(cmd.occConf), original)) {
                out.println(cmd.occConf + ": unchanged since the migration");
            } else {
                if (!dry) AtomicFiles.write(cmd.occConf, original, AtomicFiles.FILE_0600);
                out.println((dry ? "would restore " : "restored ") + cmd.occConf + " from " + saved);
            }
        } else if (Files.isRegularFile(cmd.occConf)) {
            out.println(cmd.occConf + ": kept as it is (no copy from a migration in " + migrateDir + ")");
        } else {
            out.println(cmd.occConf + ": missing, and no copy in " + migrateDir + ": os-collect-config will not start "
                    + "without it");
        }

        out.println("os-collect-config:");
        List<String> wereEnabled = wereEnabled(migrateDir.resolve(MigrateCommand.SWITCH_RECORD));
        try {
            services.restoreOcc(wereEnabled, dry, line -> out.println("  " + line));
        } catch (IllegalStateException e) {
            return failed("enabling os-collect-config failed: " + e.getMessage());
        }
        if (!dry) Files.deleteIfExists(migrateDir.resolve(MigrateCommand.SWITCH_RECORD));
        out.println("containers: none stopped or removed");
        out.flush();
        return ExitCodes.OK;
    }

    /** What the forward switch found enabled; without its record, os-collect-config's service. */
    private List<String> wereEnabled(Path record) throws IOException {
        if (!Files.isRegularFile(record)) return List.of(ServiceSwitch.OCC_SERVICE);
        JsonNode n = Json.parse(Files.readString(record)).path("os_collect_config_enabled");
        List<String> units = new ArrayList<>();
        n.forEach(u -> {
            if (u.isTextual()) units.add(u.asText());
        });
        return units;
    }

    private int failed(String message) {
        out.flush();
        cmd.spec.commandLine().getErr().println("hearth migrate --back: " + message);
        return ExitCodes.FAILED;
    }
}
