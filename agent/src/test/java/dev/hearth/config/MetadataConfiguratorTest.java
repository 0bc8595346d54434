package dev.hearth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetadataConfiguratorTest {
    private final MetadataConfigurator configurator = new MetadataConfigurator();
    private final ConfigLoader loader = new ConfigLoader();

    /** The block as a DeployedServer with POLL_SERVER_HEAT writes it (other transports nulled by Heat). */
    private static final String HEAT_BLOCK = """
            {"collectors": ["heat", "local"],
             "heat": {"auth_url": "http://127.0.0.1:5000/v3", "user_id": "u1", "password": "p@ss",
                      "project_id": "proj", "stack_id": "st/1234", "resource_name": "server", "region_name": "RegionOne"},
             "cfn": {"metadata_url": null, "access_key_id": null, "secret_access_key": null, "stack_name": null, "path": null},
             "request": {"metadata_url": null},
             "zaqar": {"user_id": null, "password": null, "auth_url": null, "project_id": null, "queue_id": null, "region_name": null}}
            """;

    @Test
    void heatBlockBecomesHeatCollector() {
        var r = configurator.configure(HEAT_BLOCK, null, Set.of());
        AgentConfig c = loader.parse(r.yaml(), "out");
        assertThat(c.collectors()).containsExactly("heat", "local");
        assertThat(c.heat().authUrl()).isEqualTo("http://127.0.0.1:5000/v3");
        assertThat(c.heat().userId()).isEqualTo("u1");
        assertThat(c.heat().password().value()).isEqualTo("p@ss");
        assertThat(c.heat().projectId()).isEqualTo("proj");
        assertThat(c.heat().stackId()).isEqualTo("st/1234");
        assertThat(c.heat().resourceName()).isEqualTo("server");
        assertThat(c.heat().regionName()).isEqualTo("RegionOne");
        assertThat(c.cfn().metadataUrl()).isNull();
        assertThat(r.yaml()).doesNotContain("null");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void wholeServerMetadataWithCfnPathStringIsAccepted() {
        String md = """
                {"deployments": [],
                 "os-collect-config": {"collectors": ["cfn", "local"],
                   "cfn": {"metadata_url": "http://127.0.0.1:8000/v1/", "access_key_id": "AK", "secret_access_key": "SK",
                           "stack_name": "mystack", "path": "server.Metadata"},
                   "heat": {"auth_url": null}}}
                """;
        AgentConfig c = loader.parse(configurator.configure(md, null, Set.of()).yaml(), "out");
        assertThat(c.collectors()).containsExactly("cfn", "local");
        assertThat(c.cfn().metadataUrl()).isEqualTo("http://127.0.0.1:8000/v1/");
        assertThat(c.cfn().accessKeyId()).isEqualTo("AK");
        assertThat(c.cfn().secretAccessKey().value()).isEqualTo("SK");
        assertThat(c.cfn().stackName()).isEqualTo("mystack");
        assertThat(c.cfn().path()).containsExactly("server.Metadata");
    }

    @Test
    void requestAndZaqarSections() {
        String md = """
                {"collectors": ["request", "zaqar", "local"],
                 "request": {"metadata_url": "http://127.0.0.1:8080/v1/AUTH_p/c/o?temp_url_sig=x&temp_url_expires=2147483587"},
                 "zaqar": {"auth_url": "http://k/v3", "user_id": "zu", "password": "zp", "project_id": "zproj", "queue_id": "q1", "region_name": null}}
                """;
        AgentConfig c = loader.parse(configurator.configure(md, null, Set.of()).yaml(), "out");
        assertThat(c.request().metadataUrl().value()).endsWith("temp_url_expires=2147483587");
        assertThat(c.zaqar().queueId()).isEqualTo("q1");
        assertThat(c.zaqar().password().value()).isEqualTo("zp");
        assertThat(c.zaqar().regionName()).isNull();
    }

    @Test
    void wrappedAttributeNameIsAccepted() {
        String md = "{\"os_collect_config\": " + HEAT_BLOCK + "}";
        assertThat(loader.parse(configurator.configure(md, null, Set.of()).yaml(), "out")
                        .collectors())
                .containsExactly("heat", "local");
    }

    @Test
    void baseKeepsOtherKeysAndCollectorSectionsAreReplaced() {
        String base = """
                state_dir: /srv/hearth
                polling: {min_interval: 2s, max_interval: 10s}
                collectors: [cfn]
                cfn: {metadata_url: "http://old/v1/", access_key_id: OLD}
                heat: {user_id: stale, stack_id: old/1, timeout: 3s}
                http: {listen: "127.0.0.1:9999"}
                """;
        AgentConfig c =
                loader.parse(configurator.configure(HEAT_BLOCK, base, Set.of()).yaml(), "out");
        assertThat(c.stateDir().toString()).isEqualTo("/srv/hearth");
        assertThat(c.polling().maxInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.http().listen()).isEqualTo("127.0.0.1:9999");
        assertThat(c.collectors()).containsExactly("heat", "local");
        assertThat(c.heat().userId()).isEqualTo("u1");
        assertThat(c.heat().timeout()).isEqualTo(Duration.ofSeconds(3));
        // Heat nulled cfn: the base's cfn section stays (harmless: cfn is no longer listed).
        assertThat(c.cfn().accessKeyId()).isEqualTo("OLD");
    }

    @Test
    void unknownCollectorIsRefusedClearly() {
        String md = "{\"collectors\": [\"ec2\", \"heat\", \"local\"], \"heat\": {\"auth_url\": \"http://k/v3\"}}";
        assertThatThrownBy(() -> configurator.configure(md, null, Set.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown collector 'ec2'")
                .hasMessageContaining("--ignore-collector ec2");
        assertThatThrownBy(() -> configurator.configure("{\"collectors\": [\"magic\"]}", null, Set.of()))
                .hasMessageContaining("unknown collector 'magic'");
        var r = configurator.configure(md, null, Set.of("ec2"));
        assertThat(loader.parse(r.yaml(), "out").collectors()).containsExactly("heat", "local");
        assertThat(r.warnings()).anyMatch(w -> w.contains("ec2"));
    }

    @Test
    void refusesWhatIsNotSuchADocument() {
        assertThatThrownBy(() -> configurator.configure("{\"deployments\": []}", null, Set.of()))
                .hasMessageContaining("no os-collect-config section");
        assertThatThrownBy(() -> configurator.configure("[1]", null, Set.of()))
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> configurator.configure("{oops", null, Set.of()))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> configurator.configure("{\"collectors\": \"heat\"}", null, Set.of()))
                .hasMessageContaining("not a list");
        assertThatThrownBy(() -> configurator.configure(HEAT_BLOCK, "polling: {min_intervall: 1}", Set.of()))
                .hasMessageContaining("polling.min_intervall");
    }

    @Test
    void unknownSectionKeysAreDroppedWithAWarning() {
        String md = "{\"collectors\": [\"request\"], \"request\": {\"metadata_url\": \"http://x/y\", \"shiny\": 1}}";
        var r = configurator.configure(md, null, Set.of());
        assertThat(r.warnings()).containsExactly("os-collect-config.request.shiny has no agent.yaml key; dropped");
        assertThat(r.yaml()).doesNotContain("shiny");
    }

    @Test
    void withoutACollectorListTheSectionsWithSettingsAreUsed() {
        String md = "{\"request\": {\"metadata_url\": \"http://x/y\"}, \"heat\": {\"auth_url\": null}}";
        assertThat(configurator.configure(md, null, Set.of()).collectors()).isEqualTo(List.of("request"));
    }
}
