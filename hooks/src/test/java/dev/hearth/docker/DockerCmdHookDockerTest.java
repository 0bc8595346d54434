package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker-cmd hook against the real dockerd, with the imported busybox image. */
@Tag("dockerd")
class DockerCmdHookDockerTest {
    private static final String IMG = DockerFixture.IMAGE;

    @TempDir
    Path dir;

    DockerFixture fx;

    /** The engine's address; null: the default resolution (dockerd here). {@link DockerCmdHookPodmanTest} says podman. */
    String host() {
        return null;
    }

    @BeforeEach
    void connect() {
        fx = new DockerFixture(host(), DockerHookSettings.defaults());
    }

    @AfterEach
    void cleanUp() {
        fx.close();
    }

    private String svc(String name, String extra) {
        return "\"" + fx.name(name) + "\": {\"image\": \"" + IMG + "\", \"command\": [\"sleep\", \"600\"]"
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    @Test
    void everyKeyReachesTheContainer() throws Exception {
        Path envFile = dir.resolve("env");
        Files.writeString(envFile, "# comment\nFROM_FILE=file value\nHEARTH_IT_AGENT_VAR\n");
        Path bind = Files.createDirectories(dir.resolve("bind"));
        String a = fx.name("keys1");
        String b = fx.name("keys2");
        String vol = fx.name("vol");
        HookResponse r =
                fx.apply(fx.deployment("d1", "keys", """
                {"%s": {"image": "%s", "command": "sleep 600", "detach": true,
                   "env_file": "%s", "environment": {"MAP_VAR": "x", "FLAG": true},
                   "interactive": true, "tty": true, "net": "none", "ipc": "shareable", "pid": "host", "uts": "host",
                   "ulimit": ["nofile=1024:2048", "nproc=32768:32768"], "healthcheck": {"test": "true", "interval": "30s", "timeout": "5s", "retries": 3},
                   "privileged": false, "restart": "unless-stopped", "user": "nobody", "group_add": ["wheel"],
                   "volumes": ["%s:/bind:ro", "%s:/named", "/anon", ""], "log_tag": "hearth-keys",
                   "cpu_shares": 512, "mem_limit": "64m", "memswap_limit": "128m",
                   "security_opt": ["no-new-privileges"], "stop_signal": "SIGUSR1", "extra_hosts": ["db.example:10.0.0.9"],
                   "cpuset_cpus": "0", "stop_grace_period": "1m1.5s", "cap_add": ["NET_ADMIN"], "cap_drop": ["MKNOD"],
                   "config_volume": "ignored"},
                 "%s": {"image": "%s", "command": ["sleep", "600"], "start_order": 1,
                   "environment": ["LIST_VAR=1", "HEARTH_IT_AGENT_VAR"], "hostname": "keys-host",
                   "volumes_from": ["%s:ro"], "remove": true, "mem_swappiness": 10}}
                """.formatted(a, IMG, envFile, bind, vol, b, IMG, a)), dir);
        assertThat(r.statusCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("config_volume");

        JsonNode i = fx.inspect(a);
        JsonNode c = i.get("Config");
        JsonNode h = i.get("HostConfig");
        // podman shows the name it resolved a short name to (docs/podman.md#image-names)
        assertThat(c.get("Image").asText()).isEqualTo(fx.podman() ? "localhost/" + IMG : IMG);
        assertThat(c.get("Cmd"))
                .containsExactly(Json.nodes().textNode("sleep"), Json.nodes().textNode("600"));
        if (fx.podman()) { // podman keeps the variables in a map: their order is its own
            assertThat(strings(c.get("Env")))
                    .contains("FROM_FILE=file value", "HEARTH_IT_AGENT_VAR=from-agent", "FLAG=True", "MAP_VAR=x");
        } else {
            assertThat(strings(c.get("Env")))
                    .containsSubsequence(
                            "FROM_FILE=file value", "HEARTH_IT_AGENT_VAR=from-agent", "FLAG=True", "MAP_VAR=x");
        }
        assertThat(c.get("OpenStdin").asBoolean()).isTrue();
        assertThat(c.get("Tty").asBoolean()).isTrue();
        assertThat(h.get("NetworkMode").asText()).isEqualTo("none");
        assertThat(h.get("IpcMode").asText()).isEqualTo("shareable");
        assertThat(h.get("PidMode").asText()).isEqualTo("host");
        assertThat(h.get("UTSMode").asText()).isEqualTo("host");
        // podman names rlimits as the kernel does
        assertThat(h.get("Ulimits").get(0).get("Name").asText()).isEqualTo(fx.podman() ? "RLIMIT_NOFILE" : "nofile");
        assertThat(h.get("Ulimits").get(0).get("Soft").asLong()).isEqualTo(1024);
        assertThat(h.get("Ulimits").get(0).get("Hard").asLong()).isEqualTo(2048);
        assertThat(h.get("Ulimits").get(1).get("Name").asText()).isEqualTo(fx.podman() ? "RLIMIT_NPROC" : "nproc");
        assertThat(strings(c.get("Healthcheck").get("Test"))).containsExactly("CMD-SHELL", "true");
        assertThat(c.get("Healthcheck").get("Interval").asLong()).isEqualTo(30_000_000_000L);
        assertThat(c.get("Healthcheck").get("Timeout").asLong()).isEqualTo(5_000_000_000L);
        assertThat(c.get("Healthcheck").get("Retries").asInt()).isEqualTo(3);
        assertThat(h.get("Privileged").asBoolean()).isFalse();
        assertThat(h.get("RestartPolicy").get("Name").asText()).isEqualTo("unless-stopped");
        assertThat(c.get("User").asText()).isEqualTo("nobody");
        assertThat(strings(h.get("GroupAdd"))).containsExactly("wheel");
        if (fx.podman()) { // mount options spelled out; an anonymous volume is a named one among the binds
            assertThat(strings(h.get("Binds")))
                    .anyMatch(m -> m.startsWith(bind + ":/bind:ro,"))
                    .anyMatch(m -> m.startsWith(vol + ":/named:rw,"))
                    .anyMatch(m -> m.contains(":/anon:rw,"));
        } else {
            assertThat(strings(h.get("Binds"))).contains(bind + ":/bind:ro", vol + ":/named:rw");
            assertThat(c.get("Volumes").has("/anon")).isTrue();
        }
        if (fx.podman()) {
            // conmon refuses a log tag with podman's drivers: left out of the request (docs/podman.md#log_tag)
            JsonNode logOptions = h.get("LogConfig").get("Config");
            assertThat(logOptions == null || logOptions.isNull() || !logOptions.has("tag"))
                    .as(h.get("LogConfig").toString())
                    .isTrue();
        } else {
            assertThat(h.get("LogConfig").get("Config").get("tag").asText()).isEqualTo("hearth-keys");
            String defaultDriver =
                    fx.docker("info", "--format", "{{.LoggingDriver}}").out().strip();
            assertThat(h.get("LogConfig").get("Type").asText()).isEqualTo(defaultDriver);
        }
        assertThat(h.get("CpuShares").asInt()).isEqualTo(512);
        assertThat(h.get("Memory").asLong()).isEqualTo(64L << 20);
        assertThat(h.get("MemorySwap").asLong()).isEqualTo(128L << 20);
        assertThat(strings(h.get("SecurityOpt"))).contains("no-new-privileges"); // pid=host adds label=disable
        assertThat(c.get("StopSignal").asText()).isEqualTo(fx.podman() ? "10" : "SIGUSR1"); // podman: the number
        assertThat(c.get("StopTimeout").asInt()).isEqualTo(62);
        assertThat(strings(h.get("ExtraHosts"))).containsExactly("db.example:10.0.0.9");
        assertThat(h.get("CpusetCpus").asText()).isEqualTo("0");
        assertThat(strings(h.get("CapAdd"))).containsExactly("NET_ADMIN");
        if (fx.podman()) { // podman lists its default drops too
            assertThat(strings(h.get("CapDrop"))).contains("MKNOD").doesNotContain("NET_ADMIN");
        } else {
            assertThat(strings(h.get("CapDrop"))).containsExactly("MKNOD");
        }
        assertThat(i.get("State").get("Running").asBoolean()).isTrue();
        JsonNode labels = c.get("Labels");
        assertThat(labels.get("managed_by").asText()).isEqualTo("hearth");
        assertThat(labels.get("config_id").asText()).isEqualTo("d1");
        assertThat(labels.get("container_name").asText()).isEqualTo(a);
        assertThat(labels.get("deploy_stack_id").asText()).isEqualTo(fx.stack);
        assertThat(labels.get("deploy_resource_name").asText()).isEqualTo("keys");
        assertThat(Json.parse(labels.get("config_data").asText()).get("log_tag").asText())
                .isEqualTo("hearth-keys");

        JsonNode j = fx.inspect(b);
        assertThat(strings(j.get("Config").get("Env"))).contains("LIST_VAR=1", "HEARTH_IT_AGENT_VAR=from-agent");
        assertThat(j.get("Config").get("Hostname").asText()).isEqualTo("keys-host");
        assertThat(strings(j.get("HostConfig").get("VolumesFrom"))).containsExactly(a + ":ro");
        assertThat(j.get("HostConfig").get("AutoRemove").asBoolean()).isTrue();
        assertThat(j.get("HostConfig").get("MemorySwappiness").asLong()).isIn(10L, -1L); // cgroup v2 ignores it
        fx.docker("volume", "rm", "-f", vol);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void createsKeepsAndReplacesOnlyTheChangedContainer() throws Exception {
        String web = fx.name("web");
        String db = fx.name("db");
        String v1 = "{" + svc("web", "\"environment\": [\"V=1\"]") + ", " + svc("db", "") + "}";
        HookResponse first = fx.apply(fx.deployment("d1", "app", v1), dir);
        assertThat(first.statusCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("created " + web).contains("created " + db);
        String webId = fx.id(web);
        String dbId = fx.id(db);

        HookResponse again = fx.apply(fx.deployment("d1", "app", v1), dir);
        assertThat(again.statusCode()).isZero();
        assertThat(again.stdout())
                .contains("kept " + web)
                .contains("kept " + db)
                .doesNotContain("created");
        assertThat(fx.id(web)).isEqualTo(webId);

        // an UPDATE: new deployment id, web's settings changed
        String v2 = "{" + svc("web", "\"environment\": [\"V=2\"]") + ", " + svc("db", "") + "}";
        HookResponse update = fx.apply(fx.deployment("d2", "app", v2), dir);
        assertThat(update.statusCode()).as(update.stderr()).isZero();
        assertThat(update.stdout())
                .contains("replaced " + web + " (changed: environment)")
                .contains("kept " + db);
        assertThat(fx.id(web)).isNotEqualTo(webId);
        assertThat(fx.id(db)).isEqualTo(dbId);
        assertThat(fx.inspect(web).get("Config").get("Labels").get("config_id").asText())
                .isEqualTo("d2");

        // db removed from the config: removed, web kept
        HookResponse shrink =
                fx.apply(fx.deployment("d3", "app", "{" + svc("web", "\"environment\": [\"V=2\"]") + "}"), dir);
        assertThat(shrink.stdout()).contains("removed " + db);
        assertThat(fx.exists(db)).isFalse();
    }

    @Test
    void aNewImageIdUnderTheSameTagReplaces() throws Exception {
        String tag = "hearth-test/busybox:" + fx.run;
        String seed = fx.name("seed");
        try {
            assertThat(fx.docker("tag", IMG, tag).exitCode()).isZero();
            String web = fx.name("web");
            String cfg = "{\"" + web + "\": {\"image\": \"" + tag + "\", \"command\": [\"sleep\", \"600\"]}}";
            assertThat(fx.apply(fx.deployment("d1", "app", cfg), dir).statusCode())
                    .isZero();
            String before = fx.id(web);
            assertThat(fx.apply(fx.deployment("d1", "app", cfg), dir).stdout()).contains("kept " + web);
            // a new image behind the same tag
            fx.docker("create", "--name", seed, "--label", "hearth-test=" + fx.run, IMG);
            assertThat(fx.commit(seed, tag, "ENV HEARTH_NEW=1").exitCode()).isZero();
            HookResponse r = fx.apply(fx.deployment("d1", "app", cfg), dir);
            assertThat(r.stdout()).contains("replaced " + web + " (image id changed)");
            assertThat(fx.id(web)).isNotEqualTo(before);
        } finally {
            fx.cleanUp();
            fx.docker("rmi", "-f", tag);
        }
    }

    @Test
    void cleanupRemovesContainersOfResourcesThatAreGone() throws Exception {
        var keep = fx.deployment("d1", "keep_me", "{" + svc("a", "") + "}");
        var gone = fx.deployment("d2", "gone", "{" + svc("b", "") + "}");
        assertThat(fx.apply(keep, dir).statusCode()).isZero();
        assertThat(fx.apply(gone, dir).statusCode()).isZero();
        var results = fx.hook.cleanup(List.of(keep));
        assertThat(results).extracting(ActionResult::line).anyMatch(l -> l.startsWith("removed " + fx.name("b")));
        assertThat(fx.exists(fx.name("a"))).isTrue();
        assertThat(fx.exists(fx.name("b"))).isFalse();
    }

    @Test
    void aTakenNameGetsASuffixAndTheContainerIsRenamedWhenTheNameIsFree() throws Exception {
        String web = fx.name("web");
        fx.docker("create", "--name", web, "--label", "hearth-test=" + fx.run, IMG, "sleep", "1");
        var d = fx.deployment("d1", "app", "{" + svc("web", "") + "}");
        HookResponse r = fx.apply(d, dir);
        assertThat(r.statusCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("created " + web + " as " + web + "-");
        assertThat(fx.stackContainers()).singleElement().asString().startsWith(web + "-");
        fx.docker("rm", "-f", web);
        var results = fx.hook.cleanup(List.of(d));
        assertThat(results).extracting(ActionResult::line).anyMatch(l -> l.endsWith(" to " + web));
        assertThat(fx.stackContainers()).containsExactly(web);
        assertThat(fx.apply(d, dir).stdout()).contains("kept " + web);
    }

    @Test
    void execRunsEveryTimeInItsTargetAndChecksExitCodes() throws Exception {
        String web = fx.name("web");
        String cfg = "{" + svc("web", "") + ", "
                + "\"" + fx.name("touch") + "\": {\"action\": \"exec\", \"start_order\": 1, \"user\": \"root\","
                + " \"command\": [\"" + web + "\", \"sh\", \"-c\", \"echo x >> /tmp/count\"]},"
                + "\"" + fx.name("three") + "\": {\"action\": \"exec\", \"start_order\": 1, \"exit_codes\": [3],"
                + " \"command\": [\"" + web + "\", \"sh\", \"-c\", \"exit 3\"]},"
                + "\"" + fx.name("four") + "\": {\"action\": \"exec\", \"start_order\": 2,"
                + " \"command\": [\"" + web + "\", \"sh\", \"-c\", \"echo boom >&2; exit 4\"]}}";
        var d = fx.deployment("d1", "app", cfg);
        HookResponse r = fx.apply(d, dir);
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stdout())
                .contains("exec " + fx.name("touch") + " in " + web + ": exit code 0")
                .contains("exec " + fx.name("three") + " in " + web + ": exit code 3");
        assertThat(r.stderr())
                .contains("failed exec " + fx.name("four"))
                .contains("exit code 4")
                .contains("boom");
        fx.apply(d, dir);
        assertThat(fx.docker("exec", web, "cat", "/tmp/count").out().lines().count())
                .isEqualTo(2);
    }

    @Test
    void oneShotsAreWaitedForAndAFailedOneRunsAgain() throws Exception {
        String ok = fx.name("ok");
        String bad = fx.name("bad");
        String cfg = "{\"" + ok + "\": {\"image\": \"" + IMG
                + "\", \"detach\": false, \"command\": [\"sh\", \"-c\", \"echo fine\"]},"
                + "\"" + bad + "\": {\"image\": \"" + IMG + "\", \"detach\": false, \"start_order\": 1,"
                + " \"command\": [\"sh\", \"-c\", \"echo to-stdout; echo to-stderr >&2; exit 2\"]},"
                + "\"" + fx.name("after") + "\": {\"image\": \"" + IMG
                + "\", \"start_order\": 2, \"command\": [\"sleep\", \"600\"]}}";
        var d = fx.deployment("d1", "app", cfg);
        HookResponse r = fx.apply(d, dir);
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("created " + ok + " and ran it: exit code 0");
        assertThat(r.stderr())
                .contains("failed " + bad + ": exit code 2 not in [0]")
                .contains("to-stdout")
                .contains("to-stderr");
        assertThat(r.stdout()).as("the others are still brought up").contains("created " + fx.name("after"));
        String okId = fx.id(ok);
        String badId = fx.id(bad);

        HookResponse again = fx.apply(d, dir);
        assertThat(again.stdout()).contains("kept " + ok);
        assertThat(again.stderr()).contains("failed " + bad);
        assertThat(fx.id(ok)).isEqualTo(okId);
        assertThat(fx.id(bad))
                .as("a failed one-shot is run again (docs/containers.md#reconcile)")
                .isNotEqualTo(badId);
        assertThat(again.stderr()).contains("replaced " + bad + " (previous run failed with exit code 2)");
    }

    @Test
    void deleteRemovesTheContainersOfTheDeploymentResource() throws Exception {
        var d = fx.deployment("d1", "app", "{" + svc("a", "") + ", " + svc("b", "") + "}");
        var other = fx.deployment("d2", "other", "{" + svc("c", "") + "}");
        fx.apply(d, dir);
        fx.apply(other, dir);
        HookResponse r = fx.apply(fx.deployment("d1", "app", "DELETE", d.config()), dir);
        assertThat(r.statusCode()).isZero();
        assertThat(r.stdout()).contains("removed " + fx.name("a")).contains("removed " + fx.name("b"));
        assertThat(fx.stackContainers()).containsExactly(fx.name("c"));
    }

    @Test
    void aContainerOfThePythonHookWithTheSameSettingsIsAdopted() throws Exception {
        String web = fx.name("web");
        assertThat(fx.docker(
                                "run",
                                "-d",
                                "--name",
                                web,
                                "--label",
                                "managed_by=docker-cmd",
                                "--label",
                                "config_id=python-era",
                                "--label",
                                "container_name=" + web,
                                "--label",
                                "deploy_stack_id=" + fx.stack,
                                "--label",
                                "deploy_resource_name=app",
                                "--env=A=1",
                                "--restart=always",
                                IMG,
                                "sleep",
                                "600")
                        .exitCode())
                .isZero();
        String id = fx.id(web);
        var d = fx.deployment(
                "d9", "app", "{" + svc("web", "\"environment\": [\"A=1\"], \"restart\": \"always\"") + "}");
        HookResponse r = fx.apply(d, dir);
        assertThat(r.statusCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("kept " + web + " (adopted from managed_by=docker-cmd)");
        assertThat(fx.id(web)).isEqualTo(id);
        // and it is not removed by the cleanup pass while its resource is still deployed
        fx.hook.cleanup(List.of(d));
        assertThat(fx.id(web)).isEqualTo(id);
        // different settings: replaced by a Hearth container
        var changed = fx.deployment(
                "d10", "app", "{" + svc("web", "\"environment\": [\"A=2\"], \"restart\": \"always\"") + "}");
        HookResponse r2 = fx.apply(changed, dir);
        assertThat(r2.stdout()).contains("replaced " + web).contains("was managed by docker-cmd");
        assertThat(fx.inspect(web).get("Config").get("Labels").get("managed_by").asText())
                .isEqualTo("hearth");
    }

    @Test
    void aMissingImageIsAClearErrorAndTheOthersStillRun() throws Exception {
        String missing = "hearth-test/does-not-exist:" + fx.run;
        String cfg = "{\"" + fx.name("ghost") + "\": {\"image\": \"" + missing + "\"}, " + svc("real", "") + "}";
        HookResponse r = fx.apply(fx.deployment("d1", "app", cfg), dir);
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("failed " + fx.name("ghost") + ": image " + missing
                        + " is not present and could not be pulled");
        assertThat(r.stdout()).contains("created " + fx.name("real"));
    }

    @Test
    void aMissingBindSourceIsAnErrorForThatContainer() throws Exception {
        String cfg = "{" + svc("bound", "\"volumes\": [\"" + dir.resolve("nope") + ":/x:ro\"]") + ", " + svc("fine", "")
                + "}";
        HookResponse r = fx.apply(fx.deployment("d1", "app", cfg), dir);
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("failed " + fx.name("bound") + ": key 'volumes': bind-mount source " + dir.resolve("nope")
                        + " does not exist");
        assertThat(fx.exists(fx.name("bound"))).isFalse();
        assertThat(fx.exists(fx.name("fine"))).isTrue();
        assertThat(Files.exists(dir.resolve("nope")))
                .as("no directory created in its place")
                .isFalse();
    }

    @Test
    void aWrongValueFailsTheDeploymentBeforeAnyContainerIsTouched() throws Exception {
        String cfg = "{" + svc("a", "") + ", " + svc("b", "\"mem_limit\": \"lots\"") + ", " + "\"" + fx.name("c")
                + "\": {\"action\": \"dance\", \"image\": \"" + IMG + "\"}}";
        HookResponse r = fx.apply(fx.deployment("d1", "app", cfg), dir);
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("container '" + fx.name("b") + "' key 'mem_limit'")
                .contains("container '" + fx.name("c") + "' key 'action'");
        assertThat(fx.stackContainers()).isEmpty();
    }

    @Test
    void secretsInTheEnvironmentAreNeverInTheOutput() throws Exception {
        String cfg = "{\"" + fx.name("leaky") + "\": {\"image\": \"" + IMG + "\", \"detach\": false,"
                + " \"environment\": {\"DB_PASSWORD\": \"hunter2-secret-value\"},"
                + " \"command\": [\"sh\", \"-c\", \"echo $DB_PASSWORD; exit 1\"]}}";
        HookResponse r = fx.apply(fx.deployment("d1", "app", cfg), dir);
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("*****").doesNotContain("hunter2-secret-value");
        assertThat(r.stdout()).doesNotContain("hunter2-secret-value");
    }

    @Test
    void aNoOpReApplyTakesTwoApiCalls() throws Exception {
        StringBuilder cfg = new StringBuilder("{");
        for (int i = 0; i < 5; i++) cfg.append(i == 0 ? "" : ", ").append(svc("n" + i, ""));
        var d = fx.deployment("d1", "app", cfg.append("}").toString());
        HookResponse first = fx.apply(d, dir);
        assertThat(first.statusCode()).as(first.stderr()).isZero();
        long before = fx.hook.engine().calls();
        HookResponse r = fx.apply(d, dir);
        assertThat(r.stdout()).doesNotContain("created");
        assertThat(fx.hook.engine().calls() - before).isEqualTo(2);
        assertThat(fx.meters
                        .find(DockerMeters.API_CALLS)
                        .tag("operation", "list")
                        .timer())
                .isNotNull();
    }

    @Test
    void aStoppedContainerIsDriftAndRepairedOnlyWhenAskedTo() throws Exception {
        String web = fx.name("web");
        var d = fx.deployment("d1", "app", "{" + svc("web", "") + "}");
        fx.apply(d, dir);
        fx.docker("stop", "-t", "0", web);
        var report = fx.hook.checkDrift(List.of(d), java.util.Map.of());
        assertThat(report.drift()).extracting(Drift::kind).containsExactly(Drift.Kind.STOPPED);
        assertThat(report.repairs()).isEmpty();
        assertThat(fx.inspect(web).get("State").get("Running").asBoolean()).isFalse();
        assertThat(fx.meters
                        .find(DockerMeters.DRIFT)
                        .tag("kind", "stopped")
                        .counter()
                        .count())
                .isEqualTo(1);

        try (var repairing =
                new DockerFixture(host(), DockerHookSettings.defaults().withRepairDrift(true))) {
            var report2 = repairing.hook.checkDrift(List.of(d), java.util.Map.of());
            assertThat(report2.repairs()).extracting(ActionResult::line).anyMatch(l -> l.startsWith("started " + web));
            assertThat(fx.inspect(web).get("State").get("Running").asBoolean()).isTrue();
            fx.docker("rm", "-f", web);
            var report3 = repairing.hook.checkDrift(List.of(d), java.util.Map.of());
            assertThat(report3.drift()).extracting(Drift::kind).containsExactly(Drift.Kind.REMOVED);
            assertThat(fx.exists(web)).isTrue();
        }
    }

    @Test
    void startOrderGroupsRunInOrderAndWaitForHealth() throws Exception {
        try (var healthy = new DockerFixture(
                host(), DockerHookSettings.defaults().withWaitHealthy(true, java.time.Duration.ofSeconds(30)))) {
            String db = healthy.name("db");
            String cfg = "{\"" + db + "\": {\"image\": \"" + IMG
                    + "\", \"command\": [\"sh\", \"-c\", \"sleep 1; touch /tmp/up; sleep 600\"],"
                    + " \"healthcheck\": {\"test\": \"test -f /tmp/up\", \"interval\": \"300ms\", \"retries\": 50}},"
                    + "\"" + healthy.name("probe") + "\": {\"action\": \"exec\", \"start_order\": 1,"
                    + " \"command\": [\"" + db + "\", \"test\", \"-f\", \"/tmp/up\"]}}";
            HookResponse r = healthy.apply(healthy.deployment("d1", "app", cfg), dir);
            assertThat(r.statusCode()).as(r.stderr()).isZero();
            assertThat(r.stdout()).contains("healthy " + db).contains("exec " + healthy.name("probe"));
        }
    }
}
