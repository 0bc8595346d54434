package dev.hearth.e2e;

import dev.hearth.it.HearthProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The private container engines of simulated nodes, started by integration-tests/openstack/nodes.sh:
 * one dockerd per node in its own mount namespace, where TripleO's host paths are the node's own.
 */
final class NodeEngines {
    static final Path SCRIPT = HearthProcess.HOME.resolve("integration-tests/openstack/nodes.sh");

    private NodeEngines() {}

    /**
     * One node's engine.
     *
     * @param root the node's directory; {@code root/root/config-data} is its /var/lib/config-data
     */
    record Engine(int index, String host, Path root) {
        /** The command prefix that runs a program in the node's mount namespace. */
        List<String> enter() {
            return List.of(SCRIPT.toString(), "exec", Integer.toString(index));
        }

        Path configData() {
            return root.resolve("root/config-data");
        }

        /** The docker CLI against this node's engine (test code only: looking at what Hearth did). */
        String docker(String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("docker"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("DOCKER_HOST", host);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0)
                throw new AssertionError("node" + index + ": docker " + String.join(" ", args) + ": " + out);
            return out;
        }

        /** Every container of the node (running or not): name → "id created-at". */
        Map<String, String> containers() throws IOException, InterruptedException {
            Map<String, String> out = new TreeMap<>();
            String ps = docker("ps", "-a", "--no-trunc", "--format", "{{.Names}} {{.ID}}");
            for (String line : ps.lines().toList()) {
                String[] f = line.trim().split(" ", -1);
                if (f.length == 2) out.put(f[0], f[1]);
            }
            return out;
        }

        /**
         * Forgets what an earlier run left in this private engine and in the node's TripleO paths
         * (the engines outlive a run, as the control plane does): all its containers and volumes,
         * config volumes, kolla configs, hiera data.
         */
        void reset() throws IOException, InterruptedException {
            for (String id : docker("ps", "-aq").split("\\s+", -1)) {
                if (!id.isBlank()) docker("rm", "-f", "-v", id);
            }
            for (String v : docker("volume", "ls", "-q").split("\\s+", -1)) {
                if (!v.isBlank()) docker("volume", "rm", "-f", v);
            }
            // the contents only: the directories are bind-mounted in the node's namespace
            for (String d : List.of("root/config-data", "root/kolla", "root/puppet/hieradata")) {
                try (var entries = Files.list(root.resolve(d))) {
                    for (Path p : entries.toList()) HeatDeploymentE2ETest.deleteTree(p);
                }
            }
        }

        /** A container's creation time (RFC 3339 with nanoseconds). */
        String created(String container) throws IOException, InterruptedException {
            return docker("inspect", "-f", "{{.Created}}", container);
        }
    }

    /** {@code nodes.sh stop}: every node's dockerd ends (a run leaves no engine behind). */
    static void stopAll() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(SCRIPT.toString(), "stop")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("nodes.sh stop failed:\n" + out);
        }
    }

    /** {@code nodes.sh start N}: engines node0..node(N-1) up with the test images; fails loudly otherwise. */
    static List<Engine> start(int n) throws IOException, InterruptedException {
        Path log = Files.createTempFile("hearth-nodes", ".log");
        Process p = new ProcessBuilder(SCRIPT.toString(), "start", Integer.toString(n))
                .redirectError(log.toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("nodes.sh start " + n + " failed:\n" + out + Files.readString(log));
        }
        List<Engine> engines = new ArrayList<>();
        for (String line : out.lines().toList()) {
            String[] f = line.split(" ", -1);
            int i = Integer.parseInt(f[0].substring("node".length()));
            engines.add(new Engine(
                    i, f[2], Path.of(System.getProperty("hearth.nodes.dir", "/var/lib/hearth-nodes"), "node" + i)));
        }
        if (engines.size() != n) throw new AssertionError("nodes.sh start " + n + " printed:\n" + out);
        return engines;
    }
}
