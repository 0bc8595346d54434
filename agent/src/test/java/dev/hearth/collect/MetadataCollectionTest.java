package dev.hearth.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.config.AgentConfig;
import dev.hearth.json.Json;
import dev.hearth.metrics.Meters;
import dev.hearth.net.ControlPlaneHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetadataCollectionTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** A collector answering from a script: a JsonNode, null (not configured) or an exception message. */
    static final class Scripted implements Collector {
        final String name;
        final Deque<Object> answers = new ArrayDeque<>();

        Scripted(String name, Object... answers) {
            this.name = name;
            this.answers.addAll(List.of(answers));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<JsonNode> collect() throws CollectorException {
            Object a = answers.size() > 1 ? answers.poll() : answers.peek();
            if (a instanceof String s && s.startsWith("!")) throw new CollectorException(name + ": " + s.substring(1));
            if (a instanceof String s && s.equals("none")) return Optional.empty();
            return Optional.of(Json.parse((String) a));
        }
    }

    @Test
    void mapsAreDeepMergedLaterWinsListsReplacedAndUngroupedConfigsExploded() throws Exception {
        var heatLocal = new Scripted("heat_local", """
                {"deployments": [], "os-collect-config": {"collectors": ["heat"], "heat": {"a": 1}}, "l": [1, 2]}""");
        var heat = new Scripted("heat", """
                {"deployments": [
                   {"id": "1", "name": "oac", "group": "Heat::Ungrouped", "config": {"myapp": {"port": 80}}},
                   {"id": "2", "name": "nogroup", "config": {"myapp": {"host": "h"}}},
                   {"id": "3", "name": "s", "group": "script", "config": {"script_only": true}},
                   {"id": "4", "group": "os-apply-config", "config": {"unnamed": true}}],
                 "os-collect-config": {"heat": {"b": 2}}, "l": [3]}""");
        var local = new Scripted("local", "{\"myapp\": {\"port\": 8080}}");

        var result = new MetadataCollection(List.of(heatLocal, heat, local), registry, Clock.systemUTC()).collect();

        JsonNode m = result.merged();
        assertThat(m.path("os-collect-config"))
                .isEqualTo(Json.parse("{\"collectors\": [\"heat\"], \"heat\": {\"a\": 1, \"b\": 2}}"));
        assertThat(m.path("l")).isEqualTo(Json.parse("[3]"));
        assertThat(m.path("deployments")).hasSize(4);
        assertThat(m.path("myapp")).isEqualTo(Json.parse("{\"port\": 8080, \"host\": \"h\"}"));
        assertThat(m.has("script_only")).isFalse();
        assertThat(m.has("unnamed")).isFalse();
        assertThat(result.changed()).isTrue();
    }

    @Test
    void aFailingCollectorIsReportedAndTheOthersGoOnWithItsLastDocumentKept() throws Exception {
        var heat = new Scripted(
                "heat",
                "{\"deployments\": [{\"id\": \"1\"}]}",
                "!HTTP 503 Signature=abcdef",
                "{\"deployments\": [{\"id\": \"1\"}]}");
        var local = new Scripted("local", "{\"x\": 1}");
        var mc = new MetadataCollection(List.of(heat, local), registry, Clock.systemUTC());

        var first = mc.collect();
        assertThat(first.results())
                .extracting(MetadataCollection.CollectorResult::outcome)
                .containsExactly(MetadataCollection.Outcome.CHANGED, MetadataCollection.Outcome.CHANGED);

        var second = mc.collect();
        assertThat(second.failures()).containsOnlyKeys("heat");
        assertThat(second.failures().get("heat")).contains("HTTP 503").doesNotContain("abcdef");
        assertThat(second.merged()).isEqualTo(Json.parse("{\"deployments\": [{\"id\": \"1\"}], \"x\": 1}"));
        assertThat(second.changed()).isFalse();
        assertThat(second.anyAnswered()).isTrue();

        var third = mc.collect();
        assertThat(third.results())
                .extracting(MetadataCollection.CollectorResult::outcome)
                .containsExactly(MetadataCollection.Outcome.UNCHANGED, MetadataCollection.Outcome.UNCHANGED);

        assertThat(registry.get(Meters.COLLECTOR_POLLS)
                        .tag("collector", "heat")
                        .tag("result", "unavailable")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(Meters.COLLECTOR_POLLS)
                        .tag("collector", "local")
                        .tag("result", "unchanged")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(mc.lastSuccessfulPoll()).isPositive();
    }

    @Test
    void notConfiguredCollectorsAreSkipped() throws Exception {
        var mc = new MetadataCollection(List.of(new Scripted("cfn", "none")), registry, Clock.systemUTC());
        var r = mc.collect();
        assertThat(r.merged()).isEmpty();
        assertThat(r.anyAnswered()).isFalse();
        assertThat(r.results().getFirst().outcome()).isEqualTo(MetadataCollection.Outcome.NOT_CONFIGURED);
    }

    @Test
    void factoryBuildsTheConfiguredCollectorsInOrder() {
        AgentConfig cfg = new AgentConfig(
                null,
                null,
                null,
                List.of("local", "heat", "request", "cfn", "zaqar", "heat_local"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        var list = MetadataCollection.collectors(cfg, ControlPlaneHttp.create(), registry, Clock.systemUTC());
        assertThat(list)
                .extracting(Collector::name)
                .containsExactly("local", "heat", "request", "cfn", "zaqar", "heat_local");

        AgentConfig bad = new AgentConfig(
                null,
                null,
                null,
                List.of("ec2"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThatThrownBy(() ->
                        MetadataCollection.collectors(bad, ControlPlaneHttp.create(), registry, Clock.systemUTC()))
                .hasMessageContaining("unknown collector 'ec2'");
    }

    @Test
    void failuresOfRealCollectorsLogNoSecrets() throws Exception {
        try (var plane = dev.hearth.testing.FakeControlPlane.start();
                var logs = new dev.hearth.testing.LogCapture()) {
            var http = ControlPlaneHttp.create();
            var t = java.time.Duration.ofSeconds(5);
            String url = plane.tempUrl("GET", "c/missing");
            String sig = url.replaceAll(".*temp_url_sig=([^&]*).*", "$1");
            List<Collector> cs = List.of(
                    new RequestCollector(
                            new dev.hearth.config.CollectorSettings.Request(dev.hearth.secret.Secret.of(url), t),
                            http,
                            registry),
                    new HeatCollector(
                            new dev.hearth.config.CollectorSettings.Heat(
                                    plane.authUrl(),
                                    "USER1",
                                    dev.hearth.secret.Secret.of("wrong-pass-123"),
                                    "PROJ1",
                                    "s/1",
                                    "r",
                                    null,
                                    t),
                            http,
                            registry,
                            Clock.systemUTC()),
                    new CfnCollector(
                            new dev.hearth.config.CollectorSettings.Cfn(
                                    plane.cfnMetadataUrl(),
                                    "AK",
                                    dev.hearth.secret.Secret.of("cfn-secret-456"),
                                    "s",
                                    List.of("r.Metadata"),
                                    null,
                                    t),
                            http,
                            registry,
                            null));

            var r = new MetadataCollection(cs, registry, Clock.systemUTC()).collect();

            assertThat(r.failures()).containsOnlyKeys("request", "heat", "cfn");
            String text = logs.text() + r.failures();
            assertThat(text)
                    .contains("collector heat unavailable")
                    .doesNotContain(sig, "wrong-pass-123", "cfn-secret-456");
        }
    }
}
