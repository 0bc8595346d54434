package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.hook.Deployment;
import dev.hearth.json.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSourcesTest {
    @TempDir
    Path state;

    private static com.fasterxml.jackson.databind.JsonNode doc(String... ids) {
        StringBuilder b = new StringBuilder("{\"deployments\": [");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) b.append(',');
            b.append("{\"id\": \"").append(ids[i]).append("\", \"group\": \"script\", \"config\": \"true\"}");
        }
        return Json.parse(b.append("]}").toString());
    }

    @Test
    void theViewIsTheUnionByIdAndEachSourceReplacesOnlyItsOwnDocument() throws Exception {
        NodeSources sources = new NodeSources(state);
        sources.record("heat", doc("a", "b"));
        sources.record(NodeSources.PUSH, doc("b", "c"));
        NodeSources.View view = sources.view(List.of("heat"));
        assertThat(view.deployments()).extracting(Deployment::id).containsExactly("a", "b", "c");
        assertThat(view.sourceOf()).containsEntry("b", "heat").containsEntry("c", NodeSources.PUSH);

        sources.record(NodeSources.PUSH, doc("d"));
        assertThat(sources.view(List.of("heat")).deployments())
                .extracting(Deployment::id)
                .containsExactly("a", "b", "d");
        sources.record("heat", null);
        assertThat(sources.view(List.of("heat")).deployments())
                .extracting(Deployment::id)
                .containsExactly("d");
    }

    @Test
    void theViewIsCompleteOnlyWhenEveryCollectorAnsweredOrHasASavedDocument() throws Exception {
        NodeSources first = new NodeSources(state);
        assertThat(first.view(List.of("heat", "local")).missing()).containsExactly("heat", "local");
        first.record("heat", doc("a"));
        first.record("local", null); // answered: nothing
        assertThat(first.view(List.of("heat", "local")).complete()).isTrue();

        // After a restart: the saved document counts, a source that had nothing must answer again.
        NodeSources second = new NodeSources(state);
        NodeSources.View view = second.view(List.of("heat", "local"));
        assertThat(view.missing()).containsExactly("local");
        assertThat(view.deployments()).extracting(Deployment::id).containsExactly("a");
        // A collector no longer configured does not count.
        assertThat(second.view(List.of("local")).deployments()).isEmpty();
    }
}
