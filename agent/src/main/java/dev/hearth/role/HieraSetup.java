package dev.hearth.role;

import dev.hearth.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code hiera.yaml} a role needs when the puppet directory has none: the host puppet step's data
 * ({@code heat_config_<deployment>.json}, holding {@code step}), the config-volume run's
 * ({@code docker_puppet.json}, holding {@code step}), {@code overrides.json} (what update tasks or an
 * operator change), then the role's {@code service_configs.json}. An existing file not written by
 * Hearth is the operator's and is left alone.
 */
public final class HieraSetup {
    static final String HIERA_YAML = """
            ---
            # Written by hearth deploy (only when no hiera.yaml was here).
            version: 5
            defaults:
              datadir: hieradata
              data_hash: json_data
            hierarchy:
              - name: "host puppet step (heat_config_<deployment>.json)"
                path: "heat_config_%{::deploy_config_name}.json"
              - name: "config volume step"
                path: "docker_puppet.json"
              - name: "overrides (e.g. written by update tasks)"
                path: "overrides.json"
              - name: "role"
                path: "service_configs.json"
            """;

    private HieraSetup() {}

    /** Writes {@code puppetDir/hiera.yaml} unless an operator's one exists; returns whether it wrote it. */
    public static boolean ensure(Path puppetDir) throws IOException {
        Path file = puppetDir.resolve("hiera.yaml");
        if (Files.exists(file)) {
            String current = Files.readString(file);
            if (current.equals(HIERA_YAML) || !current.startsWith("---\n# Written by hearth deploy")) return false;
        }
        AtomicFiles.ensureDirectory(puppetDir, AtomicFiles.DIR_0700);
        AtomicFiles.write(file, HIERA_YAML, AtomicFiles.FILE_0600);
        return true;
    }
}
