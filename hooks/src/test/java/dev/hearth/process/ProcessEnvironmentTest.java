package dev.hearth.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What no process can be given is refused naming the variable, never quoting its value. */
class ProcessEnvironmentTest {
    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();

    private ProcessResult run(Map<String, String> env) throws Exception {
        return runner.run(List.of("/bin/sh", "-c", "printf %s \"$ok\""), dir, env, null, Duration.ofSeconds(30));
    }

    @Test
    void aValueHoldingNulIsRefusedByNameWithoutItsValue() {
        assertThatThrownBy(() -> run(Map.of("db_password", "Hunter2-Secret\0tail")))
                .isInstanceOf(IOException.class)
                .hasMessage("environment variable db_password holds a NUL character, which no process can be given"
                        + " (value not shown)");
    }

    @Test
    void aNameHoldingEqualsOrNulIsRefusedWithoutQuotingIt() {
        for (String name : new String[] {"a=b", "a\0b"}) {
            assertThatThrownBy(() -> run(Map.of(name, "Hunter2-Secret")))
                    .isInstanceOf(IOException.class)
                    .hasMessageNotContaining("Hunter2")
                    .hasMessageContaining("name holds '=' or a NUL character");
        }
    }

    @Test
    void anOrdinaryEnvironmentStillReachesTheProcess() throws Exception {
        assertThat(run(Map.of("ok", "value with spaces = and \u00e9")).stdout())
                .isEqualTo("value with spaces = and \u00e9");
    }
}
