package dev.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.hearth.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden fixtures: for every docker_config key, a deployment using it and the whole Engine request
 * it yields (the JSON body of {@code POST /containers/create}, or of the exec create for
 * {@code action: exec}), asserted whole. The deployment goes the way the hook sends it: parsed,
 * planned, executed (labels and names as the executor makes them), through the real {@link Engine}
 * and docker-java's serialisation into a transport that records the bytes instead of sending them.
 * The dockerd suite ({@code DockerCmdHookDockerTest}) keeps the end-to-end truth of what the daemon
 * does with them.
 *
 * <p>A fixture is {@code engine-requests/<key>.json} or {@code <key>--<variant>.json}:
 * {@code docker_config} (the deployment's config), optional {@code agent_environment} and
 * {@code files} (written into a temporary directory that {@code @DIR@} stands for), and
 * {@code requests}. A new key in {@link SpecParser#KEYS} fails {@link #everyKeyHasAFixture} until it
 * has one. To write the requests of a new or changed fixture, run this test with
 * {@code -Dhearth.golden.write=true} (it rewrites the fixtures under src/test/resources and fails so
 * that the result is reviewed), then read the diff.
 */
class EngineRequestGoldenTest {
    private static final String DIR = "@DIR@";
    private static final String SOURCE_FIXTURES = "src/test/resources/dev/hearth/docker/engine-requests";
    private static final DeploymentKey KEY = new DeploymentKey("stack-1", "containers_config");

    static Stream<String> keys() {
        return SpecParser.KEYS.stream().sorted();
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(fixtureDir())) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void everyKeyHasAFixture(String key) throws IOException {
        List<String> using = fixtures().filter(f -> keyOf(f).equals(key)).toList();
        assertThat(using)
                .as("a fixture engine-requests/%s.json (or %s--<variant>.json)", key, key)
                .isNotEmpty();
        for (String f : using) {
            JsonNode config = read(f).get("docker_config");
            boolean uses = false;
            for (JsonNode container : config) uses |= container.has(key);
            assertThat(uses)
                    .as("%s uses the key %s in one of its containers", f, key)
                    .isTrue();
        }
    }

    @Test
    void everyFixtureIsNamedForAKey() throws IOException {
        assertThat(fixtures().map(EngineRequestGoldenTest::keyOf))
                .as("fixtures are named <key>.json or <key>--<variant>.json (or minimal.json)")
                .allMatch(k -> SpecParser.KEYS.contains(k) || k.equals("minimal"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theDeploymentSendsExactlyTheFixturesRequests(String fixture, @TempDir Path dir) throws Exception {
        String text = Files.readString(fixtureDir().resolve(fixture), StandardCharsets.UTF_8);
        ObjectNode f = (ObjectNode) Json.parse(text.replace(DIR, dir.toString()));
        f.path("files")
                .properties()
                .iterator()
                .forEachRemaining(
                        e -> write(dir.resolve(e.getKey()), e.getValue().asText()));
        Map<String, String> agentEnv = new TreeMap<>();
        f.path("agent_environment")
                .properties()
                .iterator()
                .forEachRemaining(e -> agentEnv.put(e.getKey(), e.getValue().asText()));

        List<JsonNode> sent = send(f.get("docker_config"), agentEnv);

        ArrayNode actual = Json.nodes().arrayNode().addAll(sent);
        if (Boolean.getBoolean("hearth.golden.write")) {
            f.set("requests", actual);
            Path source = Path.of(SOURCE_FIXTURES).resolve(fixture);
            Files.writeString(source, Json.writePretty(f).replace(dir.toString(), DIR) + "\n");
            throw new AssertionError("wrote " + source + ": review it, then run without -Dhearth.golden.write");
        }
        assertThat(Json.writePretty(actual))
                .as("the requests sent for %s", fixture)
                .isEqualTo(Json.writePretty(f.get("requests")));
        assertThat(actual).isEqualTo(f.get("requests"));
    }

    /** The deployment's Engine requests: parse, plan and execute, with every container's image present. */
    private static List<JsonNode> send(JsonNode dockerConfig, Map<String, String> agentEnv) throws Exception {
        RecordingTransport transport = new RecordingTransport();
        FakeEngine fake = new FakeEngine();
        DockerConfig config = DockerConfig.parse(dockerConfig, agentEnv, new ConfigHashes(Path.of("/nonexistent")));
        Map<String, String> ids = new HashMap<>();
        for (ContainerSpec s : config.containers().values()) {
            if (s.image() == null) continue;
            fake.image(s.image(), "sha256:" + Integer.toHexString(s.image().hashCode()));
            ids.put(s.image(), "sha256:" + Integer.toHexString(s.image().hashCode()));
        }
        DockerHookSettings settings = DockerHookSettings.defaults().withParallelism(1);
        try (Engine real = transport.engine()) {
            ContainerEngine engine = new Recording(fake, real);
            List<EngineContainer> snapshot = engine.listManaged();
            ContainerPlan plan = new Planner(settings.managedBy())
                    .plan("deployment-1", KEY, config, snapshot, Planner.Inputs.of(ids));
            List<ActionResult> results = new PlanExecutor(
                            engine, settings, new SimpleMeterRegistry(), new Random(7), Duration.ofMillis(1))
                    .execute(
                            plan,
                            new PlanExecutor.Run(
                                    "deployment-1",
                                    engine.localImages(),
                                    snapshot,
                                    Instant.now().plusSeconds(60),
                                    UnaryOperator.identity(),
                                    line -> {}));
            assertThat(results).as("every action succeeds").allMatch(ActionResult::ok);
        }
        return transport.requests();
    }

    private static String keyOf(String fixture) {
        String base = fixture.substring(0, fixture.length() - ".json".length());
        int variant = base.indexOf("--");
        return variant < 0 ? base : base.substring(0, variant);
    }

    private static JsonNode read(String fixture) throws IOException {
        return Json.parse(Files.readString(fixtureDir().resolve(fixture), StandardCharsets.UTF_8));
    }

    private static Path fixtureDir() {
        try {
            return Path.of(
                    EngineRequestGoldenTest.class.getResource("engine-requests").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The fake keeps the state the executor reads; creates and execs also go through the real Engine. */
    private record Recording(FakeEngine fake, Engine real) implements ContainerEngine {
        @Override
        public EngineInfo info() {
            return fake.info();
        }

        @Override
        public void ping() {
            fake.ping();
        }

        @Override
        public List<EngineContainer> listManaged() {
            return fake.listManaged();
        }

        @Override
        public Map<String, String> localImages() {
            return fake.localImages();
        }

        @Override
        public String imageId(String ref) {
            return fake.imageId(ref);
        }

        @Override
        public ContainerState state(String id) {
            return fake.state(id);
        }

        @Override
        public InspectContainerResponse inspect(String id) {
            return fake.inspect(id);
        }

        @Override
        public void pull(String ref, Duration timeout) {
            fake.pull(ref, timeout);
        }

        @Override
        public void start(String id) {
            fake.start(id);
        }

        @Override
        public void stopAndRemove(String id, int seconds) {
            fake.stopAndRemove(id, seconds);
        }

        @Override
        public void rename(String id, String name) {
            fake.rename(id, name);
        }

        @Override
        public int waitExit(String id, Duration max) {
            return fake.waitExit(id, max);
        }

        @Override
        public ContainerOutput logs(String id) {
            return fake.logs(id);
        }

        @Override
        public long calls() {
            return fake.calls();
        }

        @Override
        public void close() {}

        @Override
        public String create(ContainerSpec spec, String name, Map<String, String> labels, java.nio.file.Path logFile) {
            real.create(spec, name, labels, logFile);
            return fake.create(spec, name, labels, logFile);
        }

        @Override
        public ContainerOutput exec(
                String containerId, String user, Boolean privileged, List<String> env, List<String> cmd, Duration max) {
            real.exec(containerId, user, privileged, env, cmd, max);
            return fake.exec(containerId, user, privileged, env, cmd, max);
        }
    }
}
