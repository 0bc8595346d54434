package dev.hearth.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.configvolume.BootstrapTasks;
import dev.hearth.configvolume.PuppetConfigEntry;
import dev.hearth.docker.ConfigHashes;
import dev.hearth.docker.DockerConfig;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.jsonfile.JsonFileHook;
import dev.hearth.jsonfile.JsonFileSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML text a hook reads (docker-cmd config, json-file config, puppet_config, bootstrap
 * tasks) with a planted secret next to the error: the message names line and column, never the secret.
 */
class ParseErrorsQuoteNothingTest {
    static final String SECRET = "Hunter2-s3cr3t-Plant";
    /** Unterminated quote, a mapping where none may start, a tab, an undefined alias. */
    static final List<String> BROKEN = List.of(
            "demo_db:\n  image: busybox\n  environment:\n    MYSQL_ROOT_PASSWORD: \"" + SECRET + "\n",
            "demo_db:\n  image: busybox\n   environment: MYSQL_ROOT_PASSWORD: " + SECRET + "\n",
            "demo_db: {image: busybox, environment: [MYSQL_ROOT_PASSWORD=" + SECRET + "\n",
            "demo_db:\n\timage: " + SECRET + "\n",
            "- {config_volume: kv, step_config: " + SECRET + "\n- ]");

    @TempDir
    Path tmp;

    @Test
    void dockerCmdConfig() {
        for (String yaml : BROKEN) {
            Throwable e = catchThrowable(() -> DockerConfig.parse(
                    TextNode.valueOf(yaml), Map.of(), new ConfigHashes(Path.of("/var/lib/config-data"))));
            assertQuotesNothing(e, yaml);
        }
    }

    @Test
    void jsonFileConfigInDeployStderr() {
        JsonFileHook hook = new JsonFileHook(new JsonFileSettings(List.of(tmp), tmp));
        for (String yaml : BROKEN) {
            ObjectNode d =
                    Json.object().put("id", "j1").put("group", "json-file").put("config", yaml);
            HookResponse r = hook.run(
                    Deployment.fromJson(d, "$"),
                    new HookContext(tmp.resolve("w"), tmp.resolve("o"), Duration.ofSeconds(10), Map.of(), null));
            assertThat(r.statusCode()).isNotZero();
            assertThat(Json.write(r.body())).as(yaml).doesNotContain(SECRET).containsPattern("line \\d+, column \\d+");
        }
    }

    @Test
    void puppetConfigAndBootstrapTasks() {
        for (String yaml : BROKEN) {
            assertQuotesNothing(
                    catchThrowable(() -> PuppetConfigEntry.listFrom(TextNode.valueOf(yaml), "$.config")), yaml);
            assertQuotesNothing(catchThrowable(() -> BootstrapTasks.entries(TextNode.valueOf(yaml), 1)), yaml);
        }
    }

    static void assertQuotesNothing(Throwable e, String input) {
        assertThat(e).as(input).isNotNull();
        assertThat(e.getMessage()).as(input).containsPattern("line \\d+, column \\d+");
        for (Throwable c = e; c != null; c = c.getCause()) {
            assertThat(c.getMessage()).as(input).doesNotContain(SECRET).doesNotContain("Hunter2");
        }
    }
}
