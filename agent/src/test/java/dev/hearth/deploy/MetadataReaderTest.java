package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.config.AgentConfig;
import org.junit.jupiter.api.Test;

class MetadataReaderTest {
    private final MetadataReader reader = new MetadataReader(new AgentConfig.Limits(3, 40L));

    @Test
    void aDocumentWithinTheLimitsIsReadWithItsKeyOrder() throws Exception {
        JsonNode doc = reader.read(
                "{\"deployments\": [{\"id\": \"a\", \"group\": \"script\", \"z\": 1, \"b\": 2, \"c\": 3, \"d\": 4}]}");
        assertThat(doc.get("deployments").get(0).fieldNames())
                .toIterable()
                .containsExactly("id", "group", "z", "b", "c", "d");
        assertThat(reader.read("[{\"id\": \"a\"}, {\"id\": \"b\"}, {\"id\": \"c\"}]")
                        .size())
                .isEqualTo(3);
    }

    @Test
    void moreDeploymentsThanTheLimitAreRefusedWithTheKey() {
        assertThatThrownBy(() -> reader.read(
                        "{\"deployments\": [{\"id\": \"a\"}, {\"id\": \"b\"}, {\"id\": \"c\"}, {\"id\": \"d\"}]}"))
                .isInstanceOf(MetadataTooLargeException.class)
                .hasMessage("the document has 4 deployments, more than limits.max_deployments (3)")
                .extracting(e -> ((MetadataTooLargeException) e).limit())
                .isEqualTo("limits.max_deployments");
        assertThatThrownBy(() -> reader.read("[{}, {}, {}, {}]")).isInstanceOf(MetadataTooLargeException.class);
    }

    @Test
    void moreTokensThanTheLimitAreRefusedWhileParsing() {
        String outputs = "{\"name\": \"o\"}, ".repeat(20);
        assertThatThrownBy(() -> reader.read("{\"deployments\": [{\"id\": \"a\", \"outputs\": [" + outputs + "{}]}]}"))
                .isInstanceOf(MetadataTooLargeException.class)
                .hasMessage("the document has more than 40 JSON tokens (limits.max_json_tokens)")
                .extracting(e -> ((MetadataTooLargeException) e).limit())
                .isEqualTo("limits.max_json_tokens");
    }

    @Test
    void aDocumentNestedTooDeepIsTheParsersErrorNotATokenLimit() {
        String deep = "[".repeat(1_500) + "]".repeat(1_500);
        assertThatThrownBy(() -> MetadataReader.defaults()
                        .read("{\"deployments\": [{\"id\": \"a\", \"options\": " + deep + "}]}"))
                .isInstanceOf(JsonProcessingException.class)
                .isNotInstanceOf(MetadataTooLargeException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void malformedJsonIsStillTheParsersError() {
        assertThatThrownBy(() -> reader.read("{\"deployments\": [")).isInstanceOf(JsonProcessingException.class);
    }
}
