package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.hook.HookRegistry;
import dev.hearth.hook.external.HookLocator;
import dev.hearth.hook.script.ScriptHook;
import dev.hearth.json.Json;
import dev.hearth.process.ProcessRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentRunnerTest {
    @TempDir
    Path state;

    private DeploymentStore store;
    private MemorySignalQueue signals;
    private DeploymentRunner runner;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void setUp() throws Exception {
        store = new DeploymentStore(state);
        signals = new MemorySignalQueue();
        meters = new SimpleMeterRegistry();
        Path hooks = Files.createDirectories(state.resolve("extra-hooks"));
        Path echo = hooks.resolve("echo-json");
        Files.writeString(
                echo,
                "#!/bin/sh\ncat >/dev/null\necho '{\"deploy_stdout\": \"external\", \"deploy_status_code\": 0}'\n");
        Files.setPosixFilePermissions(echo, PosixFilePermissions.fromString("rwx------"));
        HookResolver resolver = new HookResolver(
                new HookRegistry().register(new ScriptHook(new ProcessRunner())),
                new HookLocator(List.of(hooks)),
                new ProcessRunner());
        runner = new DeploymentRunner(
                store,
                signals,
                resolver,
                new HookContexts(state, Duration.ofSeconds(30), System.getenv(), null),
                meters,
                Clock.systemUTC());
    }

    private static String deployment(String id, String group, String config, String transport) {
        return """
                {"id": "%s", "name": "n-%s", "group": "%s", "config": %s, "options": null,
                 "inputs": [{"name": "deploy_signal_transport", "value": "%s"},
                            {"name": "deploy_password", "value": "hunter2-secret"},
                            {"name": "count", "type": "Number", "value": 3}],
                 "outputs": [{"name": "result"}]}
                """.formatted(id, id, group, Json.write(Json.nodes().textNode(config)), transport);
    }

    private List<Outcome> runDoc(String... deployments) throws Exception {
        MetadataDocument doc =
                MetadataDocument.parse(Json.parse("{\"deployments\": [" + String.join(",", deployments) + "]}"));
        List<Outcome> out = new java.util.ArrayList<>();
        for (var d : doc.deployments()) out.add(runner.run(d, "test"));
        return out;
    }

    @Test
    void runsEachIdOnceWritesMarkerAndSignal() throws Exception {
        String d = deployment(
                "a1", "script", "#!/bin/sh\necho hi $count; echo -n 42 > $heat_outputs_path.result\n", "HEAT_SIGNAL");
        List<Outcome> first = runDoc(d);
        assertThat(first).singleElement().satisfies(o -> {
            assertThat(o.ran()).isTrue();
            assertThat(o.state()).isEqualTo(DeploymentState.SUCCEEDED);
        });
        assertThat(signals.ready.get("a1").get("result").asText()).isEqualTo("42");
        assertThat(signals.ready.get("a1").get("deploy_stdout").asText()).isEqualTo("hi 3\n");
        assertThat(store.get("a1")).get().extracting(DeploymentRecord::state).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(Files.getPosixFilePermissions(state.resolve("deployments/a1.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        List<Outcome> second = runDoc(d);
        assertThat(second).singleElement().satisfies(o -> assertThat(o.ran()).isFalse());
        assertThat(meters.counter("hearth.deployments", "group", "script", "result", "succeeded")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aHookThatCrashesQuotingAnInputIsLoggedAndSignalledMasked() throws Exception {
        dev.hearth.hook.Hook crashing = new dev.hearth.hook.Hook() {
            @Override
            public String group() {
                return "crashing";
            }

            @Override
            public dev.hearth.hook.HookResponse run(dev.hearth.hook.Deployment d, dev.hearth.hook.HookContext ctx) {
                throw new IllegalArgumentException("Invalid value: \""
                        + d.inputValues().get("deploy_password").asText() + "\"");
            }
        };
        DeploymentRunner crashingRunner = new DeploymentRunner(
                store,
                signals,
                new HookResolver(
                        new HookRegistry().register(crashing), new HookLocator(List.of()), new ProcessRunner()),
                new HookContexts(state, Duration.ofSeconds(30), System.getenv(), null),
                meters,
                Clock.systemUTC());
        MetadataDocument doc = MetadataDocument.parse(
                Json.parse("{\"deployments\": [" + deployment("c1", "crashing", "x", "HEAT_SIGNAL") + "]}"));
        try (dev.hearth.testing.LogCapture logs = new dev.hearth.testing.LogCapture()) {
            Outcome o = crashingRunner.run(doc.deployments().getFirst(), "test");
            assertThat(o.state()).isEqualTo(DeploymentState.FAILED);
            assertThat(logs.text())
                    .contains("hook crashing crashed on deployment n-c1 (c1)")
                    .contains("Invalid value: \"*****\"")
                    .doesNotContain("hunter2-secret");
        }
        assertThat(signals.ready.get("c1").get("deploy_stderr").asText())
                .contains("crashed")
                .doesNotContain("hunter2-secret");
    }

    @Test
    void dataGroupsAreNeitherRunNorSignalled() throws Exception {
        String d = """
                {"id": "u1", "name": "oac", "group": "Heat::Ungrouped", "config": {"a": 1}, "options": null}""";
        assertThat(runDoc(d)).singleElement().satisfies(o -> assertThat(o.ran()).isFalse());
        assertThat(store.hasRun("u1")).isFalse();
        assertThat(signals.ids()).isEmpty();
    }

    @Test
    void unknownGroupFailsWithAClearSignal() throws Exception {
        List<Outcome> out = runDoc(deployment("x1", "no-such-hook", "x", "CFN_SIGNAL"));
        assertThat(out.get(0).state()).isEqualTo(DeploymentState.FAILED);
        assertThat(signals.ready.get("x1").get("deploy_stderr").asText()).contains("no hook for group 'no-such-hook'");
        assertThat(signals.ready.get("x1").get("deploy_status_code").asInt()).isEqualTo(1);
    }

    @Test
    void theGroupLabelOfMetersTakesOnlyGroupsThisNodeKnows() throws Exception {
        for (int i = 0; i < 20; i++) runDoc(deployment("g" + i, "made-up-" + i, "x", "NO_SIGNAL"));
        // Spellings that sanitise to the same executable count under that executable's name.
        runDoc(
                deployment("e1", "echo-json", "x", "NO_SIGNAL"),
                deployment("e2", "echo-json.", "x", "NO_SIGNAL"),
                deployment("e3", "ec.ho-json", "x", "NO_SIGNAL"));
        runDoc(deployment("s1", "script", "#!/bin/sh\ntrue\n", "NO_SIGNAL"));

        assertThat(meters.find("hearth.deployments").counters())
                .extracting(c -> c.getId().getTag("group"))
                .containsExactlyInAnyOrder("other", "echo-json", "script");
        assertThat(meters.counter("hearth.deployments", "group", "other", "result", "failed")
                        .count())
                .isEqualTo(20);
        assertThat(meters.counter("hearth.deployments", "group", "echo-json", "result", "succeeded")
                        .count())
                .isEqualTo(3);
        assertThat(meters.find("hearth.hook.duration").timers())
                .extracting(t -> t.getId().getTag("group"))
                .containsExactlyInAnyOrder("echo-json", "script");
        assertThat(meters.find("hearth.deployment.duration").timers())
                .extracting(t -> t.getId().getTag("group"))
                .doesNotContain("made-up-0", "echo-json.", "ec.ho-json");
    }

    @Test
    void externalHookFromHookDirectoryRuns() throws Exception {
        List<Outcome> out = runDoc(deployment("e1", "echo-json", "x", "NO_SIGNAL"));
        assertThat(out.get(0).state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(store.get("e1").orElseThrow().stdoutTail()).isEqualTo("external");
        assertThat(store.get("e1").orElseThrow().signal().state()).isEqualTo(SignalStatus.NONE);
    }

    @Test
    void componentResolvesByAction() throws Exception {
        String d = """
                {"id": "c1", "name": "comp", "group": "component", "options": {},
                 "config": {"configs": [
                   {"actions": ["DELETE"], "tool": "script", "config": "#!/bin/sh\\necho deleting"},
                   {"actions": ["CREATE", "UPDATE"], "tool": "script", "config": "#!/bin/sh\\necho creating"}]},
                 "inputs": [{"name": "deploy_action", "value": "CREATE"}, {"name": "deploy_signal_transport", "value": "NO_SIGNAL"}]}""";
        runDoc(d);
        assertThat(store.get("c1").orElseThrow().stdoutTail()).isEqualTo("creating\n");
        String none = """
                {"id": "c2", "name": "comp", "group": "component", "config": {"configs": [{"actions": ["DELETE"], "config": "x"}]},
                 "inputs": [{"name": "deploy_action", "value": "SUSPEND"}]}""";
        assertThat(runDoc(none).get(0).ran()).isFalse();
        assertThat(store.hasRun("c2")).isFalse();
    }

    @Test
    void secretsAreMaskedInMarkersAndSignalStdout() throws Exception {
        runDoc(deployment("s1", "script", "#!/bin/sh\necho the password is hunter2-secret\nexit 3\n", "HEAT_SIGNAL"));
        String marker = Files.readString(state.resolve("deployments/s1.json"));
        assertThat(marker).doesNotContain("hunter2-secret").contains("*****");
        assertThat(Json.write(signals.ready.get("s1"))).doesNotContain("hunter2-secret");
        assertThat(store.get("s1").orElseThrow().statusCode()).isEqualTo(3);
    }

    @Test
    void aSecretInEveryFieldPastTheHookIsMasked() throws Exception {
        Outcome out = runDoc(deployment(
                        "s2",
                        "script",
                        "#!/bin/sh\necho out hunter2-secret\necho err hunter2-secret >&2\nexit 4\n",
                        "HEAT_SIGNAL"))
                .getFirst();
        DeploymentRecord marker = store.get("s2").orElseThrow();
        String signal = Json.write(signals.ready.get("s2"));
        assertThat(signals.ready.get("s2").get("deploy_stdout").asText()).isEqualTo("out *****\n");
        assertThat(signals.ready.get("s2").get("deploy_stderr").asText()).isEqualTo("err *****\n");
        assertThat(signal).doesNotContain("hunter2-secret");
        assertThat(marker.reason()).isEqualTo("err *****");
        assertThat(marker.stdoutTail()).isEqualTo("out *****\n");
        assertThat(marker.stderrTail()).isEqualTo("err *****\n");
        assertThat(Files.readString(state.resolve("deployments/s2.json"))).doesNotContain("hunter2-secret");
        assertThat(out.note()).isEqualTo("err *****");
    }

    @Test
    void invalidDocumentsNameTheJsonPath() {
        assertThatThrownBy(() ->
                        MetadataDocument.parse(Json.parse("{\"deployments\": [{\"id\": \"ok\"}, {\"name\": \"x\"}]}")))
                .hasMessageContaining("$.deployments[1].id");
        assertThatThrownBy(() -> MetadataDocument.parse(Json.parse("{\"deployments\": [{\"id\": \"../../etc\"}]}")))
                .hasMessageContaining("$.deployments[0].id");
        assertThatThrownBy(
                        () -> MetadataDocument.parse(Json.parse("{\"deployments\": [{\"id\": \"a\", \"inputs\": 5}]}")))
                .hasMessageContaining("$.deployments[0].inputs");
        assertThatThrownBy(() ->
                        MetadataDocument.parse(Json.parse("{\"deployments\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}")))
                .hasMessageContaining("duplicate");
    }

    @Test
    void recoverySignalsInterruptedOnceAndReRunsSafeGroups() throws Exception {
        // Simulate a crash: markers RUNNING, signals armed.
        var doc =
                MetadataDocument.parse(Json.parse("{\"deployments\": [" + deployment("r1", "script", "x", "HEAT_SIGNAL")
                        + "," + deployment("r2", "script", "x", "HEAT_SIGNAL") + "]}"));
        for (var d : doc.deployments()) {
            signals.arm(d);
            store.save(new DeploymentRecord(
                    d.id(),
                    d.name(),
                    d.group(),
                    "CREATE",
                    "poll",
                    DeploymentState.RUNNING,
                    null,
                    java.time.Instant.now(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    SignalStatus.pending("HEAT_SIGNAL")));
        }
        signals.complete("r2", dev.hearth.hook.HookResponse.of("done", "", 0).body());
        signals.arm(
                dev.hearth.hook.Deployment.fromJson(Json.parse(deployment("r3", "script", "x", "HEAT_SIGNAL")), "$"));

        DeploymentStore reloaded = new DeploymentStore(state);
        List<String> report = new Recovery(reloaded, signals, java.util.Set.of(), Clock.systemUTC()).recover();
        assertThat(report).hasSize(3);
        assertThat(reloaded.get("r1").orElseThrow().state()).isEqualTo(DeploymentState.INTERRUPTED);
        assertThat(signals.ready.get("r1").get("deploy_stderr").asText()).contains("was not run again");
        assertThat(reloaded.get("r2").orElseThrow().state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(signals.envelope("r3")).isEqualTo(SignalQueue.Envelope.NONE);

        // A second recovery changes nothing: signalled once.
        assertThat(new Recovery(new DeploymentStore(state), signals, java.util.Set.of(), Clock.systemUTC()).recover())
                .isEmpty();
    }

    @Test
    void recoveryReRunsGroupsDeclaredSafe() throws Exception {
        var d = dev.hearth.hook.Deployment.fromJson(
                Json.parse(deployment("q1", "script", "#!/bin/sh\necho again", "HEAT_SIGNAL")), "$");
        signals.arm(d);
        store.save(new DeploymentRecord(
                "q1",
                "n",
                "script",
                "CREATE",
                "poll",
                DeploymentState.RUNNING,
                null,
                java.time.Instant.now(),
                null,
                null,
                null,
                null,
                null,
                null));
        DeploymentStore reloaded = new DeploymentStore(state);
        new Recovery(reloaded, signals, java.util.Set.of("script"), Clock.systemUTC()).recover();
        assertThat(reloaded.hasRun("q1")).isFalse();
        assertThat(signals.envelope("q1")).isEqualTo(SignalQueue.Envelope.NONE);
    }

    @Test
    void adoptsPythonAgentMarkersOnce() throws Exception {
        Path deployed = Files.createDirectories(state.resolve("heat-config-deployed"));
        Files.writeString(
                deployed.resolve("old1.json"), "{\"id\": \"old1\", \"name\": \"legacy\", \"group\": \"script\"}");
        Files.writeString(deployed.resolve("old1.notify.json"), "{\"deploy_status_code\": 0}");
        Files.writeString(deployed.resolve("old2.json"), "");
        assertThat(HeatConfigAdoption.adoptOnce(deployed, store, state)).isEqualTo(2);
        assertThat(store.hasRun("old1")).isTrue();
        assertThat(store.hasRun("old2")).isTrue();
        assertThat(runDoc(deployment("old1", "script", "#!/bin/sh\nexit 9", "NO_SIGNAL"))
                        .get(0)
                        .ran())
                .isFalse();
        assertThat(HeatConfigAdoption.adoptOnce(deployed, store, state)).isZero();
    }

    @Test
    void damagedMarkerMeansAlreadyRun() throws Exception {
        Files.writeString(state.resolve("deployments/z1.json"), "{garbage");
        DeploymentStore reloaded = new DeploymentStore(state);
        assertThat(reloaded.hasRun("z1")).isTrue();
        assertThat(Map.of()).isEmpty();
    }
}
