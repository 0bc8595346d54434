package dev.hearth.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonProblemsTest {
    private static final String SECRET = "Hunter2-s3cr3t-Plant";

    @Test
    void parseErrorsNamePathLineAndColumnButNeverTheContent() {
        String[] broken = {
            "{\"deploy_password\": \"" + SECRET,
            "{\"a\": [1, " + SECRET + "]}",
            "{\"a\": \"x\" " + SECRET + "}",
            "{\"a\":1}" + SECRET,
            "{\"a\": tru" + SECRET + "}",
            "{\"a\": 1" + SECRET + "}",
            "{\"a\": -" + SECRET + "}",
            "{\"a\": \"\\q" + SECRET + "\"}",
            "[" + SECRET,
            "{\"a\":\"" + SECRET + "\u0001\"}",
            "{\"a\": 1e" + SECRET + "}",
            "{'" + SECRET + "': 1}",
            "{\"a\": [1, {\"b\": nul" + SECRET + "}]}",
            "{\"" + SECRET + "\": 1, \"" + SECRET + "\": 2}".replace(SECRET + "\": 2", SECRET + "\": 2"),
        };
        for (String doc : broken) {
            assertThatThrownBy(() -> Json.parse(doc))
                    .as(doc)
                    .isInstanceOf(DocumentException.class)
                    .hasMessageMatching("line \\d+, column \\d+.*")
                    .satisfies(e -> {
                        String shown = e.getMessage().replace("$." + SECRET, "$.KEY");
                        assertThat(shown)
                                .doesNotContain(SECRET)
                                .doesNotContain("Hu")
                                .doesNotContain("REDACTED");
                        assertThat(rootCause(e).getMessage()).isEqualTo(e.getMessage());
                    });
        }
    }

    @Test
    void theMessageSaysWhereAndWhat() {
        assertThatThrownBy(() -> Json.parse("{\"deployments\": [{\"inputs\": [1, " + SECRET + "]}]}"))
                .hasMessage("line 1, column 33 (at $.deployments[0].inputs[1]): unrecognized token: was expecting a "
                        + "JSON value (string, number, array, object, true, false or null)");
        assertThatThrownBy(() -> Json.parse("{\"deploy_password\": \"" + SECRET))
                .hasMessageStartingWith("line 1, column 42 (at $.deploy_password): unexpected end-of-input");
        assertThatThrownBy(() -> Json.parse("{\"a\": {\"b\": 1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("opened at line 1, column 1");
    }

    @Test
    void theSharedMapperItselfQuotesNoSource() {
        try {
            Json.mapper().readTree("{\"deploy_password\": \"" + SECRET + "\" x}");
        } catch (Exception e) {
            assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("Hunter");
            return;
        }
        throw new AssertionError("no error");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t;
    }
}
