package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final DeploymentKey KEY = new DeploymentKey("stack-1", "web_config");
    private static final Planner PLANNER = new Planner("hearth");
    private static final Map<String, String> IMAGES = Map.of("img:1", "sha256:aaa");

    private static DockerConfig config(String json) {
        return DockerConfig.parse(Json.parse(json), Map.of(), new ConfigHashes(Path.of("/nonexistent")));
    }

    private static EngineContainer container(
            String name,
            String containerName,
            JsonNode config,
            String state,
            String status,
            DeploymentKey key,
            String managedBy) {
        Map<String, String> labels = new HashMap<>();
        labels.put(Labels.MANAGED_BY, managedBy);
        labels.put(Labels.CONTAINER_NAME, containerName);
        labels.put(Labels.CONFIG_ID, "old-deployment");
        if (config != null) labels.put(Labels.CONFIG_DATA, ConfigData.write(config));
        if (key != null) {
            labels.put(Labels.STACK_ID, key.stackId());
            labels.put(Labels.RESOURCE_NAME, key.resourceName());
        }
        return new EngineContainer("id-" + name, name, labels, state, status, "img:1", "sha256:aaa", 100);
    }

    private static EngineContainer running(String name, JsonNode config) {
        return container(name, name, config, "running", "Up 1 minute", KEY, "hearth");
    }

    private static List<String> kinds(ContainerPlan plan) {
        return plan.actions().stream()
                .map(a -> a.getClass().getSimpleName() + ":" + a.container())
                .toList();
    }

    @Test
    void createsMissingKeepsSameReplacesChangedRemovesUnwanted() {
        DockerConfig desired = config("""
                {"same": {"image": "img:1"}, "changed": {"image": "img:1", "user": "root"},
                 "missing": {"image": "img:1"}}""");
        List<EngineContainer> snapshot = List.of(
                running("same", Json.parse("{\"image\": \"img:1\"}")),
                running("changed", Json.parse("{\"image\": \"img:1\", \"user\": \"nobody\"}")),
                running("gone", Json.parse("{\"image\": \"img:1\"}")));
        ContainerPlan plan = PLANNER.plan("d2", KEY, desired, snapshot, Planner.Inputs.of(IMAGES));
        assertThat(kinds(plan))
                .containsExactlyInAnyOrder("Remove:gone", "Keep:same", "Replace:changed", "Create:missing");
        PlanAction.Replace r = (PlanAction.Replace) plan.actions().stream()
                .filter(a -> a instanceof PlanAction.Replace)
                .findFirst()
                .orElseThrow();
        assertThat(r.differingKeys()).containsExactly("user");
        assertThat(r.describe()).contains("changed: user");
        assertThat(plan.drift()).isEmpty();
    }

    @Test
    void aNewImageIdReplaces() {
        DockerConfig desired = config("{\"web\": {\"image\": \"img:1\"}}");
        var plan = PLANNER.plan(
                "d",
                KEY,
                desired,
                List.of(running("web", Json.parse("{\"image\": \"img:1\"}"))),
                Planner.Inputs.of(Map.of("img:1", "sha256:bbb")));
        assertThat(plan.actions())
                .singleElement()
                .isInstanceOfSatisfying(
                        PlanAction.Replace.class, r -> assertThat(r.reason()).isEqualTo("image id changed"));
    }

    @Test
    void otherDeploymentResourcesAreNotTouched() {
        DockerConfig desired = config("{\"web\": {\"image\": \"img:1\"}}");
        EngineContainer other = container(
                "db",
                "db",
                Json.parse("{\"image\": \"img:1\"}"),
                "running",
                "Up",
                new DeploymentKey("stack-1", "db_config"),
                "hearth");
        var plan = PLANNER.plan("d", KEY, desired, List.of(other), Planner.Inputs.of(IMAGES));
        assertThat(kinds(plan)).containsExactly("Create:web");
    }

    @Test
    void finishedOneShotIsKeptButAFailedOneIsRunAgain() {
        DockerConfig desired = config("""
                {"ok": {"image": "img:1", "detach": false}, "failed": {"image": "img:1", "detach": false},
                 "allowed": {"image": "img:1", "detach": false, "exit_codes": [0, 3]}}""");
        var plan = PLANNER.plan(
                "d",
                KEY,
                desired,
                List.of(
                        container(
                                "ok",
                                "ok",
                                Json.parse("{\"image\": \"img:1\", \"detach\": false}"),
                                "exited",
                                "Exited (0) 1 minute ago",
                                KEY,
                                "hearth"),
                        container(
                                "failed",
                                "failed",
                                Json.parse("{\"image\": \"img:1\", \"detach\": false}"),
                                "exited",
                                "Exited (1) 1 minute ago",
                                KEY,
                                "hearth"),
                        container(
                                "allowed",
                                "allowed",
                                Json.parse("{\"image\": \"img:1\", \"detach\": false, \"exit_codes\": [0, 3]}"),
                                "exited",
                                "Exited (3) 1 minute ago",
                                KEY,
                                "hearth")),
                Planner.Inputs.of(IMAGES));
        assertThat(kinds(plan)).containsExactly("Keep:ok", "Replace:failed", "Keep:allowed");
        assertThat(plan.actions().get(1).describe()).contains("previous run failed with exit code 1");
    }

    @Test
    void aStoppedServiceIsDriftStartedOnlyWhenRepairing() {
        DockerConfig desired = config("{\"web\": {\"image\": \"img:1\"}}");
        var stopped = container(
                "web",
                "web",
                Json.parse("{\"image\": \"img:1\"}"),
                "exited",
                "Exited (137) 5 seconds ago",
                KEY,
                "hearth");
        var report = PLANNER.plan("d", KEY, desired, List.of(stopped), Planner.Inputs.of(IMAGES));
        assertThat(kinds(report)).containsExactly("Keep:web");
        assertThat(report.drift()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Drift.Kind.STOPPED);
            assertThat(d.detail()).contains("137");
        });
        var repair =
                PLANNER.plan("d", KEY, desired, List.of(stopped), new Planner.Inputs(IMAGES, Map.of(), true, true));
        assertThat(kinds(repair)).containsExactly("Start:web");
    }

    @Test
    void aMissingContainerOfAnAppliedDeploymentIsDrift() {
        var plan = PLANNER.plan(
                "d",
                KEY,
                config("{\"web\": {\"image\": \"img:1\"}}"),
                List.of(),
                new Planner.Inputs(IMAGES, Map.of(), false, true));
        assertThat(plan.drift()).extracting(Drift::kind).containsExactly(Drift.Kind.REMOVED);
    }

    @Test
    void legacyContainersWithTheSameSettingsAreAdopted() {
        JsonNode cfg = Json.parse("{\"image\": \"img:1\"}");
        DockerConfig desired = config("{\"web\": {\"image\": \"img:1\"}, \"api\": {\"image\": \"img:1\"}}");
        var paunch = container("web", "web", cfg, "running", "Up", null, "tripleo-Controller");
        var pythonHook = container("api", "api", null, "running", "Up", KEY, "docker-cmd");
        var plan = PLANNER.plan(
                "d",
                KEY,
                desired,
                List.of(paunch, pythonHook),
                new Planner.Inputs(IMAGES, Map.of("id-api", Set.of()), false, false));
        assertThat(kinds(plan)).containsExactly("Keep:web", "Keep:api");
        assertThat(plan.actions().getFirst().describe()).contains("adopted from managed_by=tripleo-Controller");
        var changed = PLANNER.plan(
                "d",
                KEY,
                desired,
                List.of(paunch, pythonHook),
                new Planner.Inputs(IMAGES, Map.of("id-api", Set.of("environment")), false, false));
        assertThat(kinds(changed)).containsExactly("Keep:web", "Replace:api");
    }

    @Test
    void takenNamesGetASuffixAndSuffixedContainersAreRenamedWhenFree() {
        DockerConfig desired = config("{\"web\": {\"image\": \"img:1\"}, \"api\": {\"image\": \"img:1\"}}");
        var foreign = new EngineContainer("f", "web", Map.of(), "running", "Up", "x", "sha256:x", 1);
        var suffixed =
                container("api-abcd1234", "api", Json.parse("{\"image\": \"img:1\"}"), "running", "Up", KEY, "hearth");
        var plan = PLANNER.plan("d", KEY, desired, List.of(foreign, suffixed), Planner.Inputs.of(IMAGES));
        assertThat(kinds(plan)).containsExactly("Create:web", "Keep:api", "Rename:api");
        assertThat(((PlanAction.Create) plan.actions().getFirst()).nameTaken()).isTrue();
    }

    @Test
    void deleteRemovesTheResourcesContainers() {
        var plan = PLANNER.planDelete(
                "d",
                KEY,
                List.of(
                        running("web", Json.parse("{}")),
                        container(
                                "db",
                                "db",
                                Json.parse("{}"),
                                "running",
                                "Up",
                                new DeploymentKey("s", "other"),
                                "hearth")));
        assertThat(kinds(plan)).containsExactly("Remove:web");
    }

    @Test
    void cleanupRemovesContainersOfResourcesWithoutDeploymentAndRenames() {
        var live = container("web-1a2b3c4d", "web", Json.parse("{}"), "running", "Up", KEY, "hearth");
        var gone = container("db", "db", Json.parse("{}"), "running", "Up", new DeploymentKey("s", "gone"), "hearth");
        var web = container("web", "web", null, "running", "Up", null, "docker-cmd"); // Python hook, by config id
        var paunch = container("keystone", "keystone", null, "running", "Up", null, "paunch");
        var plan = PLANNER.planCleanup(Set.of(KEY), Set.of("live-id"), List.of(live, gone, web, paunch));
        assertThat(plan.actions())
                .extracting(PlanAction::describe)
                .containsExactly(
                        "remove db (its deployment is gone)",
                        "remove web (its deployment is gone)",
                        "rename web-1a2b3c4d to web");
    }

    @Test
    void cleanupRemovesOnlyWhatTheCallerAccepts() {
        var ours = container("db", "db", Json.parse("{}"), "running", "Up", new DeploymentKey("s", "gone"), "hearth");
        var theirs =
                container("api", "api", Json.parse("{}"), "running", "Up", new DeploymentKey("s", "other"), "hearth");
        var plan = PLANNER.planCleanup(
                Set.of(KEY),
                Set.of("live-id"),
                List.of(ours, theirs),
                c -> c.name().equals("db"));
        assertThat(plan.actions())
                .extracting(PlanAction::describe)
                .containsExactly("remove db (its deployment is gone)");
    }
}
