package dev.hearth.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.ansible.AnsibleHook;
import dev.hearth.configvolume.BootstrapTasksHook;
import dev.hearth.configvolume.ConfigVolumeHook;
import dev.hearth.docker.ConfigHashes;
import dev.hearth.docker.DeploymentKey;
import dev.hearth.docker.DockerCmdHook;
import dev.hearth.hook.Deployment;
import dev.hearth.json.Json;
import dev.hearth.jsonfile.JsonFileHook;
import dev.hearth.puppet.PuppetHook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Turns a merged role into the deployments the control plane would send, one per phase and hook,
 * named {@code <role>/<phase>/<group>} (e.g. {@code demo/step_2/docker-cmd}):
 * <ul>
 *   <li>pre: {@code ansible} (the {@code host_prep_tasks}), {@code json-file} (kolla configs and the
 *       role's hiera file), {@code docker-cmd} ({@code docker_config} {@code step_0}),
 *       {@code container-puppet} (every config volume, step 6);</li>
 *   <li>step N: {@code puppet} (the joined {@code step_config}, hiera {@code step: N}), {@code ansible}
 *       (the {@code deploy_steps_tasks} with {@code step: N}), {@code docker-cmd} (that step's
 *       containers), {@code container-puppet-tasks} (bootstrap node only).</li>
 * </ul>
 * Ids are derived from the role, the phase, the hook and everything the run depends on (content,
 * the role's hiera, and for containers the config-volume checksums they carry), so an unchanged
 * phase keeps its ids and does not run again, and a changed one gets new ids. Containers of a step
 * belong to the deployment resource ({@code hearth-role/<role>}, {@code step_N}): they keep their
 * identity across changes, and a container that left the step is removed by its next run.
 */
public final class RoleTranslation {
    public static final String STACK_PREFIX = "hearth-role/";
    /** TripleO's name for the role's hiera data. */
    public static final String HIERA_FILE = "service_configs.json";
    /** Hiera data above the role's, written by update tasks or an operator; part of what config depends on. */
    public static final String OVERRIDES_FILE = "overrides.json";

    private final MergedRole role;
    private final Path hieraDir;
    private final ConfigHashes hashes;
    private final boolean bootstrap;

    public RoleTranslation(MergedRole role, Path hieraDir, ConfigHashes hashes, boolean bootstrap) {
        this.role = role;
        this.hieraDir = hieraDir;
        this.hashes = hashes;
        this.bootstrap = bootstrap;
    }

    public static String stackId(String role) {
        return STACK_PREFIX + role;
    }

    /** Whether a container's deployment resource is one of this role's steps. */
    public boolean owns(DeploymentKey key) {
        return key != null && key.stackId().equals(stackId(role.name()));
    }

    public Path hieraFile() {
        return hieraDir.resolve(HIERA_FILE);
    }

    public RolePhase pre() {
        List<Deployment> out = new ArrayList<>();
        ArrayNode prep = role.tasks().get("host_prep_tasks");
        if (prep != null && !prep.isEmpty()) {
            out.add(deployment(
                    0,
                    AnsibleHook.GROUP,
                    RolePlaybook.of("host_prep_tasks (role " + role.name() + ")", role.name(), bootstrap, null, prep),
                    Json.object(),
                    Json.object(),
                    ""));
        }
        ObjectNode files = role.kollaConfig().deepCopy();
        files.set(hieraFile().toString(), role.hiera());
        out.add(deployment(0, JsonFileHook.GROUP, files, Json.object(), Json.object(), ""));
        ObjectNode step0 = role.containers(0);
        if (!step0.isEmpty()) out.add(dockerCmd(0, step0));
        if (!role.puppetConfig().isEmpty()) {
            ObjectNode inputs = Json.object().put("step", 6);
            // the volumes read the hiera: a changed config_settings generates them again
            out.add(deployment(0, ConfigVolumeHook.GROUP, role.puppetConfig(), inputs, Json.object(), hieraHash()));
        }
        return new RolePhase(0, out);
    }

    /**
     * Step {@code n}'s deployments. Call it after pre has run: the containers' ids include the
     * checksums of the config volumes they mount, as they are on disk now.
     */
    public RolePhase step(int n) {
        List<Deployment> out = new ArrayList<>();
        if (!role.stepConfig().isBlank()) {
            ObjectNode options = Json.object().put("enable_hiera", true).put("enable_facter", false);
            out.add(deployment(
                    n,
                    PuppetHook.GROUP,
                    Json.nodes().textNode(role.stepConfig()),
                    Json.object().put("step", n),
                    options,
                    hieraHash()));
        }
        ArrayNode steps = role.tasks().get("deploy_steps_tasks");
        if (steps != null && !steps.isEmpty()) {
            out.add(deployment(
                    n,
                    AnsibleHook.GROUP,
                    RolePlaybook.of(
                            "deploy_steps_tasks step " + n + " (role " + role.name() + ")",
                            role.name(),
                            bootstrap,
                            n,
                            steps),
                    Json.object(),
                    Json.object(),
                    ""));
        }
        ObjectNode containers = role.containers(n);
        if (!containers.isEmpty()) out.add(dockerCmd(n, containers));
        ArrayNode tasks = role.bootstrapTasks().get(n);
        if (bootstrap && tasks != null && !tasks.isEmpty()) {
            ObjectNode inputs = Json.object().put("step", n).put("is_bootstrap", true);
            out.add(deployment(n, BootstrapTasksHook.GROUP, tasks, inputs, Json.object(), hieraHash()));
        }
        return new RolePhase(n, out);
    }

    /** The docker-cmd deployments of every step that has containers (what the cleanup keeps). */
    public List<Deployment> allContainerDeployments() {
        List<Deployment> out = new ArrayList<>();
        role.dockerConfig().forEach((n, c) -> {
            if (!c.isEmpty()) out.add(dockerCmd(n, c));
        });
        return out;
    }

    private Deployment dockerCmd(int n, ObjectNode containers) {
        ObjectNode hashed = Json.object();
        // step_0 runs before the config volumes are generated: their checksums are not its to carry
        containers
                .properties()
                .forEach(e -> hashed.set(
                        e.getKey(),
                        e.getValue().isObject() && n > 0 ? hashes.inject((ObjectNode) e.getValue()) : e.getValue()));
        return deployment(n, DockerCmdHook.GROUP, containers, Json.object(), Json.object(), Json.write(hashed));
    }

    private String hieraHash() {
        String overrides = "";
        try {
            Path file = hieraDir.resolve(OVERRIDES_FILE);
            if (java.nio.file.Files.isRegularFile(file)) overrides = java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            overrides = "unreadable";
        }
        return sha256(Json.write(role.hiera()) + "\u0000" + overrides);
    }

    private Deployment deployment(
            int step, String group, JsonNode config, ObjectNode inputs, ObjectNode options, String dependsOn) {
        String phase = RolePhase.label(step);
        String name = role.name() + "/" + phase + "/" + group;
        String id = UUID.nameUUIDFromBytes(String.join(
                                "\u0000", name, Json.write(config), Json.write(inputs), Json.write(options), dependsOn)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        ObjectNode d = Json.object();
        d.put("id", id);
        d.put("name", name);
        d.put("group", group);
        d.set("config", config);
        d.set("options", options);
        ArrayNode in = d.putArray("inputs");
        inputs.properties()
                .forEach(e -> in.addObject()
                        .put("name", e.getKey())
                        .put(
                                "type",
                                e.getValue().isNumber()
                                        ? "Number"
                                        : e.getValue().isBoolean() ? "Boolean" : "String")
                        .set("value", e.getValue()));
        in.addObject().put("name", "deploy_stack_id").put("type", "String").put("value", stackId(role.name()));
        in.addObject().put("name", "deploy_resource_name").put("type", "String").put("value", phase + "_" + group);
        in.addObject().put("name", "deploy_action").put("type", "String").put("value", "CREATE");
        in.addObject()
                .put("name", "deploy_signal_transport")
                .put("type", "String")
                .put("value", "NO_SIGNAL");
        d.putArray("outputs");
        return Deployment.fromJson(d, name);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
