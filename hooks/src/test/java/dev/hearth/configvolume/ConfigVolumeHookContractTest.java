package dev.hearth.configvolume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContractSuite;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * container-puppet passes the hook contract suite against the real dockerd and puppet image
 * (.ci/setup-puppet.sh). The contract's timeout is the puppet container's limit, the one timeout
 * this hook enforces.
 */
@Tag("dockerd")
class ConfigVolumeHookContractTest extends HookContractSuite {
    static final ConfigVolumeContractFixture FX = new ConfigVolumeContractFixture("container-puppet");
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
                Case.DECLARED_OUTPUT, "container-puppet reports checksums; it has no declared outputs",
                Case.INPUTS_REACH_THE_TOOL, "puppet in the config container sees hiera, not the deployment's inputs");
    }

    @Override
    protected Hook hook() {
        return new ConfigVolumeHook(new ConfigVolumeGenerator(settings.withPuppetTimeout(puppetTimeout), FX.docker()));
    }

    @Override
    protected HookResponse run(JsonNode config, Duration timeout) throws InterruptedException {
        puppetTimeout = timeout;
        return super.run(config, timeout);
    }

    static JsonNode entries(String volume, String manifest) {
        ArrayNode list = Json.nodes().arrayNode();
        ObjectNode e = list.addObject();
        e.put("config_volume", volume).put("step_config", manifest).put("config_image", ConfigVolumeDockerTest.IMAGE);
        return list;
    }

    /** The volume is named after the text: the hook's stdout has one line per volume. */
    @Override
    protected JsonNode configPrinting(String text) {
        return entries(text, "file { '/etc/contract.conf': content => \"" + text + "\\n\" }");
    }

    @Override
    protected JsonNode configFailing() {
        return entries("contract_fails", "fail('the contract wants a failure')");
    }

    @Override
    protected JsonNode configWritingOutput(String name, String value) {
        return null;
    }

    @Override
    protected JsonNode configHanging() {
        return entries("contract_hangs", "exec { 'hang': command => '/bin/sleep 600' }");
    }

    @Override
    protected JsonNode configEchoingInput(String name) {
        return null;
    }
}
