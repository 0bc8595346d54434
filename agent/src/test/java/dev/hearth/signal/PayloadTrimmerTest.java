package dev.hearth.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.json.Json;
import org.junit.jupiter.api.Test;

class PayloadTrimmerTest {
    final PayloadTrimmer trimmer = new PayloadTrimmer();

    @Test
    void smallPayloadsAreUntouched() {
        ObjectNode p = Deployments.response("hello\n");
        assertThat(trimmer.trim(p)).isSameAs(p);
    }

    @Test
    void hugeOutputIsCutFromTheStartProportionallyKeepingTheEnd() {
        ObjectNode p = Json.object();
        p.put("result", "r");
        p.put("deploy_stdout", "a".repeat(3_000_000) + "THE END OF STDOUT");
        p.put("deploy_stderr", "b".repeat(1_000_000) + "THE END OF STDERR");
        p.put("deploy_status_code", 0);

        ObjectNode t = trimmer.trim(p);

        int size = PayloadTrimmer.size(t);
        assertThat(size).isLessThanOrEqualTo(950_000).isGreaterThan(949_000);
        String out = t.get("deploy_stdout").textValue();
        String err = t.get("deploy_stderr").textValue();
        assertThat(out).endsWith("THE END OF STDOUT");
        assertThat(err).endsWith("THE END OF STDERR");
        // The excess is shared 3:1, like the sizes.
        assertThat((double) out.length() / err.length()).isBetween(2.9, 3.1);
        assertThat(t.get("result").textValue()).isEqualTo("r");
        assertThat(t.get("deploy_status_code").intValue()).isZero();
        assertThat(p.get("deploy_stdout").textValue()).hasSize(3_000_017); // the original is not modified
    }

    @Test
    void multiByteAndEscapedTextIsMeasuredAsSerialisedAndPairsAreNotSplit() {
        ObjectNode p = Json.object();
        p.put("deploy_stdout", "é\"\n😀".repeat(200_000));
        p.put("deploy_stderr", "\u0001".repeat(100_000));

        ObjectNode t = trimmer.trim(p);

        assertThat(PayloadTrimmer.size(t)).isLessThanOrEqualTo(950_000);
        String out = t.get("deploy_stdout").textValue();
        assertThat(Character.isLowSurrogate(out.charAt(0))).isFalse();
        assertThat(out).endsWith("😀");
    }

    @Test
    void missingOutputKeysDoNotCrashAndOtherTextIsCutAsALastResort() {
        ObjectNode p = Json.object();
        p.put("big_output", "x".repeat(2_000_000) + "tail");
        p.put("deploy_status_code", 1);

        ObjectNode t = trimmer.trim(p);

        assertThat(PayloadTrimmer.size(t)).isLessThanOrEqualTo(950_000);
        assertThat(t.get("big_output").textValue()).endsWith("tail");
        assertThat(t.get("deploy_status_code").intValue()).isEqualTo(1);
    }

    @Test
    void aSmallLimitWorksToo() {
        ObjectNode p = Deployments.response("0123456789".repeat(100));
        ObjectNode t = new PayloadTrimmer(200).trim(p);
        assertThat(PayloadTrimmer.size(t)).isLessThanOrEqualTo(200);
        assertThat(t.get("deploy_stdout").textValue()).endsWith("789");
    }
}
