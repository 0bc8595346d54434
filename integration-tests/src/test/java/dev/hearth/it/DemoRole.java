package dev.hearth.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * config/examples/demo-role.yaml made private to one test: its own role name and container, volume
 * and config-volume names (prefix {@code demo_} → {@code <name>_}), its paths below a temporary
 * directory, and an agent.yaml pointing there. Removes what it created.
 */
final class DemoRole implements AutoCloseable {
    static final Path EXAMPLE = HearthProcess.HOME.resolve("config/examples/demo-role.yaml");

    final String name = "it" + UUID.randomUUID().toString().substring(0, 6);
    final Path dir;
    final Path agentYaml;
    final Path configData;
    /** The engine's address ({@code docker.host} of the agent.yaml); null: the default one, dockerd here. */
    final String host;

    DemoRole(Path dir) throws IOException {
        this(dir, null);
    }

    /**
     * On another engine ({@code host}) the agent.yaml names it, and puts the containers' systemd
     * units and logs below {@code dir}, never in the host's /etc/systemd/system.
     */
    DemoRole(Path dir, String host) throws IOException {
        this.dir = dir;
        this.host = host;
        this.configData = dir.resolve("config-data");
        this.agentYaml = dir.resolve("agent.yaml");
        Files.writeString(agentYaml, """
                state_dir: %1$s/state
                config_volumes:
                  prefix: %1$s/config-data
                  puppet_dir: %1$s/puppet
                  hiera_dir: %1$s/puppet/hieradata
                  kolla_dir: %1$s/kolla
                  parallelism: 2
                node:
                  bootstrap: true
                """.formatted(dir));
        if (host != null) {
            Files.writeString(agentYaml, """
                docker:
                  host: %s
                  systemd_unit_dir: %s/units
                  podman_log_dir: %s/stdouts
                """.formatted(host, dir, dir), java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** The example with this test's names and paths, after {@code edit}. */
    String yaml() throws IOException {
        return Files.readString(EXAMPLE)
                .replace("/var/lib/config-data", configData.toString())
                .replace("/var/lib/kolla/config_files/demo_", dir.resolve("kolla") + "/demo_")
                .replace("demo_", name + "_")
                .replace("role: demo", "role: " + name);
    }

    Path write(String yaml) throws IOException {
        Path file = dir.resolve("role-" + UUID.randomUUID() + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    String container(String shortName) {
        return name + "_" + shortName;
    }

    static String docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError("docker " + String.join(" ", args) + ": " + out);
        return out.strip();
    }

    /** The docker CLI against this role's engine (test code only: main code never uses it). */
    String cli(String... args) throws Exception {
        if (host == null) return docker(args);
        List<String> withHost = new ArrayList<>(List.of("-H", host));
        withHost.addAll(List.of(args));
        return docker(withHost.toArray(String[]::new));
    }

    /** Container names of this role (any state). */
    List<String> containers() throws Exception {
        String out = cli("ps", "-a", "--filter", "label=deploy_stack_id=hearth-role/" + name, "--format", "{{.Names}}");
        return out.isBlank() ? List.of() : out.lines().sorted().toList();
    }

    void removeContainers() throws Exception {
        for (String c : containers()) cli("rm", "-f", c);
    }

    @Override
    public void close() throws Exception {
        removeContainers();
        String vols = cli("volume", "ls", "-q", "--filter", "name=" + name + "_");
        for (String v : vols.lines().toList()) if (!v.isBlank()) cli("volume", "rm", "-f", v);
    }
}
