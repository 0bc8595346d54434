package dev.hearth.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.ansible.AnsibleHook;
import dev.hearth.configvolume.ConfigVolumeCheck;
import dev.hearth.configvolume.ConfigVolumeHook;
import dev.hearth.docker.ConfigHashes;
import dev.hearth.docker.ContainerPlan;
import dev.hearth.docker.DockerCmdHook;
import dev.hearth.docker.DockerConfigException;
import dev.hearth.docker.PlanAction;
import dev.hearth.firewall.FirewallApplier;
import dev.hearth.fs.FileTrees;
import dev.hearth.hook.Deployment;
import dev.hearth.json.Json;
import dev.hearth.jsonfile.JsonFileHook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Predicate;

/**
 * {@code hearth deploy --check} (docs/roles.md#checking-before-a-deploy): what each phase of a role
 * deploy would do, decided as {@link RoleDeployer} decides it, without doing it. Files the json-file
 * phase would write are compared with the disk; config volumes are generated into a scratch directory
 * ({@link ConfigVolumeCheck}) and compared with theirs; the containers are planned with the
 * planner of {@code hearth plan}, with the config hashes the changed volumes would get (step_0's
 * too, without hashes); the containers of services or steps that left the role are listed; the config
 * scripts that would be written or changed are listed, and so are the tasks of the ansible phases
 * ({@code host_prep_tasks}, {@code deploy_steps_tasks}) by name ({@link PlaybookTasks}); every other
 * phase deployment is "would run" unless it ran with the same inputs. Nothing is written below the node's directories,
 * no marker is made, no service container is created, changed or removed.
 */
public final class RoleCheck {
    /** One phase: what would happen, one line each. */
    public record Phase(String label, List<String> lines) {
        public Phase {
            lines = List.copyOf(lines);
        }
    }

    /** The whole verdict; {@code changes} is false when a deploy would do nothing. */
    public record Report(String role, List<Phase> phases, boolean changes) {
        public Report {
            phases = List.copyOf(phases);
        }

        public String text() {
            StringBuilder sb = new StringBuilder("check of role " + role + ": "
                    + (changes ? "a deploy would change this node" : "a deploy would change nothing") + "\n");
            for (Phase p : phases) {
                sb.append(p.label()).append(":\n");
                if (p.lines().isEmpty()) sb.append("  nothing to do\n");
                p.lines().forEach(l -> sb.append("  ").append(l).append('\n'));
            }
            return sb.toString();
        }

        public ObjectNode json() {
            ObjectNode o = Json.object().put("role", role).put("changes", changes);
            ArrayNode list = o.putArray("phases");
            for (Phase p : phases) {
                ObjectNode n = list.addObject().put("phase", p.label());
                p.lines().forEach(n.putArray("would")::add);
            }
            return o;
        }
    }

    private final MergedRole role;
    private final Predicate<String> ran;
    private final DockerCmdHook docker;
    private final ConfigVolumeHook volumes;
    private final ConfigScripts scripts;
    private final FirewallApplier firewall;
    private final ConfigHashes onDisk;
    private final Path configDataPrefix;
    private final Path hieraDir;
    private final Path scratch;
    private boolean changes;

    /**
     * @param ran      whether a deployment id has a marker (ran with the same inputs)
     * @param firewall what applies the firewall rules; null when the agent config turns that off
     * @param onDisk   the config hashes as the deploy computes them (the agent config's {@code config_hash})
     * @param scratch  a directory that does not exist yet, for the config volume check; deleted after
     */
    public RoleCheck(
            MergedRole role,
            Predicate<String> ran,
            DockerCmdHook docker,
            ConfigVolumeHook volumes,
            ConfigScripts scripts,
            FirewallApplier firewall,
            ConfigHashes onDisk,
            Path configDataPrefix,
            Path hieraDir,
            Path scratch) {
        this.role = role;
        this.ran = ran;
        this.docker = docker;
        this.volumes = volumes;
        this.scripts = scripts;
        this.firewall = firewall;
        this.onDisk = onDisk;
        this.configDataPrefix = configDataPrefix;
        this.hieraDir = hieraDir;
        this.scratch = scratch;
    }

    public Report check(SortedSet<Integer> steps, boolean bootstrap, boolean force)
            throws IOException, InterruptedException {
        try {
            return checkAll(steps, bootstrap, force);
        } finally {
            FileTrees.delete(scratch);
        }
    }

    private Report checkAll(SortedSet<Integer> steps, boolean bootstrap, boolean force)
            throws IOException, InterruptedException {
        changes = false;
        List<Phase> phases = new ArrayList<>();
        RoleTranslation now = new RoleTranslation(role, hieraDir, onDisk, bootstrap);
        Map<Path, String> pending = new HashMap<>();
        List<String> pre = new ArrayList<>();
        configScripts(pre);
        firewall(pre);
        for (Deployment d : now.pre().deployments()) {
            switch (d.group()) {
                case JsonFileHook.GROUP -> files(d, pre);
                case ConfigVolumeHook.GROUP -> configVolumes(d, now.pre(), force, pre, pending);
                // step_0's containers, planned as any step's (they carry no config hash)
                case DockerCmdHook.GROUP -> containers(d, onDisk, force, pre);
                default -> other(d, force, pre);
            }
        }
        phases.add(new Phase("pre", pre));
        RoleTranslation after = new RoleTranslation(role, hieraDir, onDisk.withPending(pending), bootstrap);
        List<String> cleanup = new ArrayList<>();
        try {
            ContainerPlan plan = docker.planCleanup(after.allContainerDeployments(), after::owns, ran);
            plan.actions().forEach(a -> cleanup.add(a.describe()));
            changes |= !plan.actions().isEmpty();
        } catch (RuntimeException e) {
            if (!after.allContainerDeployments().isEmpty())
                cleanup.add("cannot ask the Docker Engine: " + e.getMessage());
        }
        phases.add(new Phase("cleanup", cleanup));
        for (int n : steps) {
            List<String> lines = new ArrayList<>();
            for (Deployment d : after.step(n).deployments()) {
                if (DockerCmdHook.GROUP.equals(d.group())) containers(d, onDisk.withPending(pending), force, lines);
                else other(d, force, lines);
            }
            phases.add(new Phase(RolePhase.label(n), lines));
        }
        return new Report(role.name(), phases, changes);
    }

    /** The config scripts written first in pre: each one missing or different. */
    private void configScripts(List<String> out) {
        if (role.configScripts().values().stream().allMatch(ObjectNode::isEmpty)) return;
        List<String> lines;
        try {
            lines = scripts.check(role.configScripts());
        } catch (IOException | RuntimeException e) {
            changes = true;
            out.add("config scripts: cannot check: " + e.getMessage());
            return;
        }
        if (lines.isEmpty()) {
            out.add("config scripts: every script as it would be written");
        } else {
            changes = true;
            out.add("config scripts: would write " + lines.size() + " file(s):");
            lines.forEach(l -> out.add("  " + l));
        }
    }

    /** The firewall rules, applied after the config scripts: each one to insert, replace or remove, or already there. */
    private void firewall(List<String> out) {
        if (role.firewallRules().isEmpty()) return;
        if (firewall == null) {
            out.add("firewall: " + role.firewallRules().size()
                    + " rule(s) not applied: firewall.apply is false in the agent config");
            return;
        }
        List<String> lines;
        try {
            lines = firewall.check(role.firewallRules());
        } catch (RuntimeException e) {
            changes = true;
            out.add("firewall: cannot check: " + e.getMessage());
            return;
        }
        if (lines.stream().anyMatch(l -> !l.startsWith("="))) changes = true;
        out.add("firewall:");
        lines.forEach(l -> out.add("  " + l));
    }

    /** The json-file phase: each file it would write that is missing or different. */
    private void files(Deployment d, List<String> out) throws IOException {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : d.config().properties()) {
            Path path = Path.of(f.getKey());
            byte[] wanted = (Json.writePretty(f.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) changed.add("+ " + path);
            else if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                    || !Arrays.equals(Files.readAllBytes(path), wanted)) {
                changed.add("~ " + path);
            }
        }
        if (changed.isEmpty()) {
            out.add("json-file: every file as it would be written");
        } else {
            changes = true;
            out.add("json-file: would write " + changed.size() + " file(s):");
            changed.forEach(c -> out.add("  " + c));
        }
    }

    /** The config volumes: puppet in scratch containers, with the hiera the json-file phase would write. */
    private void configVolumes(Deployment d, RolePhase pre, boolean force, List<String> out, Map<Path, String> pending)
            throws IOException, InterruptedException {
        if (ran.test(d.id()) && !force) {
            out.add("container-puppet: unchanged (same puppet_config and hiera as when it ran)");
            return;
        }
        Path etc = scratch.resolve("puppet-etc");
        copyTree(volumes.puppetEtcDir(), etc);
        HieraSetup.ensure(etc); // as the deploy would write it first
        for (Deployment files : pre.deployments()) {
            if (!JsonFileHook.GROUP.equals(files.group())) continue;
            for (Map.Entry<String, JsonNode> f : files.config().properties()) {
                Path path = Path.of(f.getKey()).normalize();
                if (!path.startsWith(volumes.puppetEtcDir())) continue;
                Path copy = etc.resolve(volumes.puppetEtcDir().relativize(path));
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, Json.writePretty(f.getValue()) + "\n");
            }
        }
        List<ConfigVolumeCheck.VolumeCheck> checks;
        try {
            checks = volumes.check(d, etc, scratch.resolve("volumes"));
        } catch (RuntimeException e) {
            changes = true;
            out.add("container-puppet: would run, but cannot be checked: " + e.getMessage());
            return;
        }
        for (ConfigVolumeCheck.VolumeCheck c : checks) {
            if (c.error() != null) {
                changes = true;
                out.add("config volume " + c.volume() + ": cannot check: " + c.error());
            } else if (c.changed()) {
                changes = true;
                out.add("config volume " + c.volume() + ": would change "
                        + c.changes().size() + " file(s):");
                c.changes().forEach(l -> out.add("  " + l));
                pending.put(configDataPrefix.resolve(c.volume()), c.checksum());
                pending.put(configDataPrefix.resolve("puppet-generated").resolve(c.volume()), c.checksum());
            } else {
                out.add("config volume " + c.volume() + ": no file would change");
            }
        }
    }

    /** A docker-cmd deployment: the planner's actions, as the deploy would decide them. */
    private void containers(Deployment d, ConfigHashes hashes, boolean force, List<String> out) {
        ContainerPlan plan;
        try {
            plan = docker.plan(d, System.getenv(), hashes);
        } catch (DockerConfigException e) {
            changes = true;
            e.problems().forEach(p -> out.add("docker-cmd: error: " + p));
            return;
        } catch (RuntimeException e) {
            changes = true;
            out.add("docker-cmd: cannot ask the Docker Engine: " + e.getMessage());
            return;
        }
        boolean differs =
                plan.actions().stream().anyMatch(a -> !(a instanceof PlanAction.Keep || a instanceof PlanAction.Exec));
        if (ran.test(d.id()) && !differs && !force) {
            out.add("docker-cmd: unchanged (" + plan.actions().size() + " container(s) kept)");
            return;
        }
        changes = true;
        // a replacement's reason names the keys that differ
        for (PlanAction a : plan.actions()) out.add("docker-cmd: " + a.describe());
    }

    private void other(Deployment d, boolean force, List<String> out) {
        if (ran.test(d.id()) && !force) {
            out.add(d.group() + ": unchanged (ran with the same inputs)");
            return;
        }
        changes = true;
        if (!AnsibleHook.GROUP.equals(d.group())) {
            out.add(d.group() + ": would run " + d.name());
            return;
        }
        // host_prep_tasks and deploy_steps_tasks: the tasks, by name, that the step does not rule out
        List<String> tasks = PlaybookTasks.names(d.config(), playbookStep(d.config()));
        out.add(d.group() + ": would run " + d.name() + ": " + tasks.size() + " task(s)"
                + (tasks.isEmpty() ? "" : ":"));
        tasks.forEach(t -> out.add("  - " + t));
    }

    /** The {@code step} var of a role playbook, null for host_prep_tasks. */
    private static Integer playbookStep(JsonNode playbook) {
        JsonNode v = playbook.path(0).path("vars").get("step");
        return v == null || !v.canConvertToInt() ? null : v.intValue();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) return;
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(
                        file,
                        to.resolve(from.relativize(file).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
