package dev.hearth.configvolume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContractSuite;
import dev.hearth.hook.HookResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * container-puppet-tasks passes the hook contract suite against the real dockerd and puppet image,
 * as the bootstrap node of step 3. The contract's timeout is the puppet container's limit.
 */
@Tag("dockerd")
class BootstrapTasksHookContractTest extends HookContractSuite {
    static final ConfigVolumeContractFixture FX = new ConfigVolumeContractFixture("container-puppet-tasks");
    private ConfigVolumeSettings settings;
    private Duration puppetTimeout = Duration.ofMinutes(5);

    @BeforeAll
    static void dockerAndImage() {
        FX.connect();
    }

    @AfterAll
    static void removeContainers() {
        FX.close();
    }

    @BeforeEach
    void settings() throws Exception {
        settings = FX.settings(state);
    }

    @Override
    protected Map<Case, String> notApplicable() {
        return Map.of(
                Case.DECLARED_OUTPUT, "bootstrap tasks act on live services; they have no declared outputs",
                Case.INPUTS_REACH_THE_TOOL, "puppet in the task container sees hiera, not the deployment's inputs");
    }

    @Override
    protected Hook hook() {
        return new BootstrapTasksHook(
                new ConfigVolumeGenerator(settings.withPuppetTimeout(puppetTimeout), FX.docker()));
    }

    @Override
    protected HookResponse run(JsonNode config, Duration timeout) throws InterruptedException {
        puppetTimeout = timeout;
        return super.run(config, timeout);
    }

    @Override
    protected ObjectNode deployment(JsonNode config) {
        ObjectNode d = super.deployment(config);
        d.withArray("inputs")
                .addObject()
                .put("name", "step")
                .put("type", "Number")
                .put("value", 3);
        d.withArray("inputs")
                .addObject()
                .put("name", "is_bootstrap")
                .put("type", "Boolean")
                .put("value", true);
        return d;
    }

    @Override
    protected JsonNode configPrinting(String text) {
        return ConfigVolumeHookContractTest.entries(text, "notice('" + text + "')");
    }

    @Override
    protected JsonNode configFailing() {
        return ConfigVolumeHookContractTest.entries("contract_fails", "fail('the contract wants a failure')");
    }

    @Override
    protected JsonNode configWritingOutput(String name, String value) {
        return null;
    }

    @Override
    protected JsonNode configHanging() {
        return ConfigVolumeHookContractTest.entries("contract_hangs", "exec { 'hang': command => '/bin/sleep 600' }");
    }

    @Override
    protected JsonNode configEchoingInput(String name) {
        return null;
    }
}
