package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import dev.hearth.secret.Secrets;
import org.junit.jupiter.api.Test;

class MaskedResponseTest {
    private static final Secrets SECRETS = Secrets.of("hunter2-secret");

    @Test
    void aSecretInStdoutOrStderrIsMaskedInTheSignalAndInWhatTheMarkerReads() {
        HookResponse raw = HookResponse.of("out hunter2-secret", "err hunter2-secret", 2);

        MaskedResponse masked = MaskedResponse.of(raw, SECRETS);

        assertThat(Json.write(masked.payload())).doesNotContain("hunter2-secret");
        assertThat(masked.payload().get(HookResponse.STDOUT).asText()).isEqualTo("out *****");
        assertThat(masked.payload().get(HookResponse.STDERR).asText()).isEqualTo("err *****");
        assertThat(masked.stdout()).isEqualTo("out *****");
        assertThat(masked.stderr()).isEqualTo("err *****");
        assertThat(masked.statusCode()).isEqualTo(2);
        assertThat(raw.stdout()).as("the raw response is left alone").contains("hunter2-secret");
    }

    @Test
    void aStreamAnExternalHookAnswersAsJsonIsMaskedToo() {
        ObjectNode body = (ObjectNode) Json.parse("""
                {"deploy_stdout": ["line hunter2-secret"], "deploy_stderr": {"detail": "hunter2-secret"},
                 "deploy_status_code": 0}""");

        MaskedResponse masked = MaskedResponse.of(new HookResponse(body), SECRETS);

        assertThat(Json.write(masked.payload())).doesNotContain("hunter2-secret");
        assertThat(masked.stdout() + masked.stderr()).doesNotContain("hunter2-secret");
    }

    @Test
    void outputsAndOtherKeysGoToHeatAsTheHookWroteThem() {
        HookResponse raw = HookResponse.of("", "", 0)
                .withOutput("generated_password", Json.nodes().textNode("hunter2-secret"))
                .withOutput("deploy_extra", Json.nodes().numberNode(7));

        ObjectNode payload = MaskedResponse.of(raw, SECRETS).payload();

        assertThat(payload).isEqualTo(raw.body());
    }

    @Test
    void theSignalPayloadIsACopy() {
        MaskedResponse masked = MaskedResponse.of(HookResponse.of("a", "b", 0), SECRETS);

        masked.payload().put(HookResponse.STDOUT, "changed");

        assertThat(masked.payload().get(HookResponse.STDOUT).asText()).isEqualTo("a");
    }
}
