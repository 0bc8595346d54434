package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.config.AgentConfig;
import dev.hearth.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigureCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ConfigureCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void writesAgentYamlWithMode0600() throws Exception {
        Path md = Files.writeString(dir.resolve("md.json"), """
                {"os-collect-config": {"collectors": ["request", "local"],
                  "request": {"metadata_url": "http://127.0.0.1:8080/v1/AUTH_p/c/o?temp_url_sig=s3cret&temp_url_expires=1"}}}
                """);
        Path base = Files.writeString(dir.resolve("base.yaml"), "state_dir: /tmp/h\n");
        Path out = dir.resolve("etc/agent.yaml");
        Run r = run("--from-metadata", md.toString(), "--base", base.toString(), "--output", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("collectors: request, local").doesNotContain("s3cret");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        AgentConfig c = new ConfigLoader().load(out, true);
        assertThat(c.collectors()).containsExactly("request", "local");
        assertThat(c.stateDir()).isEqualTo(Path.of("/tmp/h"));
    }

    @Test
    void unknownCollectorExitsTwoAndWritesNothing() throws Exception {
        Path md = Files.writeString(dir.resolve("md.json"), "{\"collectors\": [\"ec2\", \"local\"]}");
        Path out = dir.resolve("agent.yaml");
        Run r = run("--from-metadata", md.toString(), "--output", out.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("unknown collector 'ec2'");
        assertThat(out).doesNotExist();
        assertThat(run("--from-metadata", dir.resolve("missing.json").toString())
                        .err())
                .contains("no such file");
    }

    @Test
    void printsToStandardOutputWithoutOutput() throws Exception {
        Path md = Files.writeString(
                dir.resolve("md.json"),
                "{\"collectors\": [\"request\"], \"request\": {\"metadata_url\": \"http://x/y\"}}");
        Run r = run("--from-metadata", md.toString());
        assertThat(r.exit()).isZero();
        assertThat(new ConfigLoader()
                        .parse(r.out(), "stdout")
                        .request()
                        .metadataUrl()
                        .value())
                .isEqualTo("http://x/y");
    }

    @Test
    void jsonSaysWhatWasWrittenOrCarriesTheYaml() throws Exception {
        Path md = Files.writeString(
                dir.resolve("md.json"),
                "{\"collectors\": [\"request\"], \"request\": {\"metadata_url\": \"http://x/y\"}}");
        Path out = dir.resolve("agent.yaml");
        Run written = run("--json", "--from-metadata", md.toString(), "--output", out.toString());
        assertThat(written.exit()).as(written.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode o = dev.hearth.json.Json.parse(written.out());
        assertThat(o.path("collectors").get(0).asText()).isEqualTo("request");
        assertThat(o.path("output").asText()).isEqualTo(out.toString());
        assertThat(o.path("warnings").isArray()).isTrue();
        assertThat(out).exists();

        Run printed = run("--json", "--from-metadata", md.toString());
        assertThat(new ConfigLoader()
                        .parse(
                                dev.hearth.json.Json.parse(printed.out())
                                        .path("agent_yaml")
                                        .asText(),
                                "json")
                        .request()
                        .metadataUrl()
                        .value())
                .isEqualTo("http://x/y");
    }
}
