package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The planner and the executor against the in-memory engine: ordering, failures, retries, drift, health. */
class PlanExecutorTest {
    private static final DeploymentKey KEY = new DeploymentKey("stack-1", "web_config");
    private static final String IMG = "img:1";

    private final FakeEngine engine = new FakeEngine().image(IMG, "sha256:aaa");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DockerHookSettings settings = DockerHookSettings.defaults().withPull(3, Duration.ofMillis(1));
    private final List<String> progress = new ArrayList<>();

    private List<ActionResult> apply(String deploymentId, String json) throws InterruptedException {
        DockerConfig config = DockerConfig.parse(Json.parse(json), Map.of(), new ConfigHashes(Path.of("/nonexistent")));
        List<EngineContainer> snapshot = engine.listManaged();
        Map<String, String> images = engine.localImages();
        Map<String, String> ids = new java.util.HashMap<>();
        config.containers().values().forEach(s -> {
            if (s.image() == null) return; // an exec has no image of its own
            String id = images.get(ImageRefs.normalize(s.image()));
            if (id != null) ids.put(s.image(), id);
        });
        ContainerPlan plan =
                new Planner(settings.managedBy()).plan(deploymentId, KEY, config, snapshot, Planner.Inputs.of(ids));
        return executor()
                .execute(
                        plan,
                        new PlanExecutor.Run(
                                deploymentId,
                                images,
                                snapshot,
                                Instant.now().plusSeconds(60),
                                UnaryOperator.identity(),
                                progress::add));
    }

    private PlanExecutor executor() {
        return new PlanExecutor(engine, settings, meters, new Random(7), Duration.ofMillis(1));
    }

    private static List<String> failed(List<ActionResult> results) {
        return results.stream().filter(r -> !r.ok()).map(ActionResult::line).toList();
    }

    @Test
    void startOrderGroupsRunInAscendingOrderAndExecsAfterTheirGroup() throws Exception {
        List<ActionResult> results = apply("d1", """
                {"late": {"image": "img:1", "start_order": 2},
                 "init": {"image": "img:1", "start_order": 1, "detach": false},
                 "setup": {"action": "exec", "start_order": 1, "command": ["init-svc", "true"]},
                 "init-svc": {"image": "img:1", "start_order": 1}}""");
        assertThat(failed(results)).isEmpty();
        List<String> ev = engine.events();
        assertThat(ev.indexOf("exec init-svc true"))
                .isGreaterThan(ev.indexOf("start init-svc"))
                .isGreaterThan(ev.indexOf("start init"));
        assertThat(ev.indexOf("create late")).isGreaterThan(ev.indexOf("exec init-svc true"));
        assertThat(progress).hasSize(4);
    }

    @Test
    void aFailingOneShotFailsAloneAndTheOthersAreStillCreated() throws Exception {
        engine.exitsWith("migrate", 3);
        List<ActionResult> results = apply("d1", """
                {"migrate": {"image": "img:1", "detach": false},
                 "web": {"image": "img:1"}, "db": {"image": "img:1", "start_order": 1}}""");
        assertThat(failed(results)).singleElement().asString().startsWith("failed migrate: exit code 3 not in [0]");
        assertThat(engine.box("web").running).isTrue();
        assertThat(engine.box("db").running).isTrue();
        assertThat(results.stream()
                        .filter(r -> !r.ok())
                        .findFirst()
                        .orElseThrow()
                        .output())
                .contains("output of migrate");
    }

    @Test
    void aFailedOneShotRunsAgainOnTheNextPass() throws Exception {
        engine.exitsWith("migrate", 3);
        String cfg = "{\"migrate\": {\"image\": \"img:1\", \"detach\": false}}";
        assertThat(failed(apply("d1", cfg))).hasSize(1);
        engine.exitsWith("migrate", 0);
        assertThat(failed(apply("d1", cfg))).isEmpty();
        assertThat(engine.events()).containsSubsequence("create migrate", "remove migrate", "create migrate");
    }

    @Test
    void aPullIsRetriedUntilItSucceeds() throws Exception {
        engine.pullFails("img:2", 2);
        List<ActionResult> results = apply("d1", "{\"web\": {\"image\": \"img:2\"}}");
        assertThat(failed(results)).isEmpty();
        assertThat(engine.events())
                .containsExactly("pull-failed img:2", "pull-failed img:2", "pull img:2", "create web", "start web");
        assertThat(results)
                .extracting(ActionResult::kind)
                .containsExactly(ActionResult.Kind.PULL, ActionResult.Kind.CREATE);
    }

    @Test
    void anImageThatCannotBePulledTouchesNothing() throws Exception {
        engine.existing(
                "web",
                Map.of(
                        Labels.MANAGED_BY,
                        "hearth",
                        Labels.CONTAINER_NAME,
                        "web",
                        Labels.STACK_ID,
                        KEY.stackId(),
                        Labels.RESOURCE_NAME,
                        KEY.resourceName(),
                        Labels.CONFIG_DATA,
                        "{\"image\": \"img:1\"}"),
                IMG,
                true);
        engine.pullFails("img:9", 10);
        List<ActionResult> results = apply("d2", "{\"web\": {\"image\": \"img:9\"}}");
        assertThat(failed(results))
                .singleElement()
                .asString()
                .contains("image img:9 is not present and could not be pulled");
        assertThat(engine.events()).doesNotContain("remove web");
        assertThat(engine.box("web").running).isTrue();
    }

    @Test
    void aNameHeldByAContainerHearthDoesNotManageGivesASuffixedName() throws Exception {
        engine.existing("web", Map.of(), IMG, true);
        List<ActionResult> results = apply("d1", "{\"web\": {\"image\": \"img:1\"}}");
        assertThat(failed(results)).isEmpty();
        assertThat(results.getFirst().line()).matches("created web as web-[a-z0-9]{8} \\(name taken\\) in \\d+ ms");
    }

    @Test
    void aChangedContainerIsReplacedAndAnUnchangedOneKept() throws Exception {
        apply("d1", "{\"web\": {\"image\": \"img:1\"}, \"db\": {\"image\": \"img:1\"}}");
        List<ActionResult> second =
                apply("d2", "{\"web\": {\"image\": \"img:1\", \"user\": \"nobody\"}, \"db\": {\"image\": \"img:1\"}}");
        assertThat(second)
                .extracting(ActionResult::kind)
                .containsExactlyInAnyOrder(ActionResult.Kind.REPLACE, ActionResult.Kind.KEEP);
        assertThat(engine.events()).containsSubsequence("create web", "remove web", "create web");
        assertThat(engine.events().stream().filter(e -> e.equals("create db"))).hasSize(1);
    }

    @Test
    void aStoppedContainerIsDriftAndRepairStartsIt() throws Exception {
        String cfg = "{\"web\": {\"image\": \"img:1\"}}";
        apply("d1", cfg);
        engine.stopOutside("web");
        DockerConfig config = DockerConfig.parse(Json.parse(cfg), Map.of(), new ConfigHashes(Path.of("/nonexistent")));
        List<EngineContainer> snapshot = engine.listManaged();
        ContainerPlan plan = new Planner("hearth")
                .plan("d1", KEY, config, snapshot, new Planner.Inputs(Map.of(IMG, "sha256:aaa"), Map.of(), true, true));
        assertThat(plan.drift()).singleElement().extracting(Drift::kind).isEqualTo(Drift.Kind.STOPPED);
        List<ActionResult> results = executor()
                .execute(
                        plan,
                        new PlanExecutor.Run(
                                "d1",
                                engine.localImages(),
                                snapshot,
                                Instant.now().plusSeconds(60),
                                UnaryOperator.identity(),
                                progress::add));
        assertThat(results).singleElement().extracting(ActionResult::kind).isEqualTo(ActionResult.Kind.START);
        assertThat(engine.box("web").running).isTrue();
    }

    @Test
    void waitHealthyWaitsForTheHealthcheckAndFailsAnUnhealthyContainer() throws Exception {
        settings = settings.withWaitHealthy(true, Duration.ofSeconds(5));
        engine.health("good", "starting", "starting", "healthy");
        engine.health("bad", "starting", "unhealthy");
        List<ActionResult> results = apply("d1", """
                {"good": {"image": "img:1"}, "bad": {"image": "img:1"},
                 "after": {"image": "img:1", "start_order": 1}}""");
        assertThat(results)
                .filteredOn(r -> r.kind() == ActionResult.Kind.HEALTH)
                .extracting(ActionResult::line)
                .anySatisfy(l -> assertThat(l).startsWith("healthy good after"))
                .anySatisfy(l -> assertThat(l).isEqualTo("failed bad: unhealthy while waiting for its healthcheck"));
        assertThat(engine.box("after").running).isTrue();
    }

    @Test
    void everyActionIsCountedByItsKindNotByItsMessage() throws Exception {
        engine.exitsWith("job", 1);
        apply("d1", "{\"web\": {\"image\": \"img:1\"}, \"job\": {\"image\": \"img:1\", \"detach\": false}}");
        assertThat(meters.get(DockerMeters.ACTIONS)
                        .tags("action", "create", "outcome", "ok")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get(DockerMeters.ACTIONS)
                        .tags("action", "create", "outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void secretsAreMaskedInEveryLine() throws Exception {
        engine.createFails("web", "refused: password=hunter2");
        DockerConfig config = DockerConfig.parse(
                Json.parse("{\"web\": {\"image\": \"img:1\"}}"), Map.of(), new ConfigHashes(Path.of("/nonexistent")));
        ContainerPlan plan =
                new Planner("hearth").plan("d1", KEY, config, List.of(), Planner.Inputs.of(Map.of(IMG, "sha256:aaa")));
        List<ActionResult> results = executor()
                .execute(
                        plan,
                        new PlanExecutor.Run(
                                "d1",
                                engine.localImages(),
                                List.of(),
                                Instant.now().plusSeconds(60),
                                s -> s.replace("hunter2", "*****"),
                                progress::add));
        assertThat(failed(results))
                .singleElement()
                .asString()
                .contains("password=*****")
                .doesNotContain("hunter2");
        assertThat(progress).noneMatch(l -> l.contains("hunter2"));
    }
}
