package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.hook.InvalidDeploymentException;
import dev.hearth.http.AgentHttpServer;
import dev.hearth.http.BearerAuth;
import dev.hearth.http.HttpServerSettings;
import dev.hearth.http.ListenAddress;
import dev.hearth.http.ReadinessCheck;
import dev.hearth.http.RecordingSink;
import dev.hearth.http.StubQueries;
import dev.hearth.json.Json;
import dev.hearth.metrics.Metrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hearth status} and {@code hearth push} against a real server on loopback. */
class CliCommandsTest {
    static final String TOKEN = "cli-t0ken-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    Path tokenFile;
    /** Named explicitly so the machine's /etc/hearth/agent.yaml is never read; blank means defaults. */
    Path emptyConfig;

    Metrics metrics;
    AgentHttpServer server;
    RecordingSink sink;
    String url;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        emptyConfig = Files.writeString(dir.resolve("empty.yaml"), "");
        metrics = new Metrics();
        sink = new RecordingSink(d -> {
            if (d.path("deployments").size() == 0) throw new InvalidDeploymentException("$.deployments", "is empty");
            return RecordingSink.ids(d);
        });
        server = new AgentHttpServer(
                new HttpServerSettings(
                        new ListenAddress("127.0.0.1", 0), BearerAuth.fromFile(tokenFile), null, 1 << 20),
                sink,
                StubQueries.sample(),
                metrics.registry(),
                () -> List.of(ReadinessCheck.ok("state")));
        server.start();
        url = server.baseUri().toString();
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    static Run run(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl =
                new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void statusPrintsAPlainTableNewestFirstWhenNotATerminal() {
        Run r = run(
                new StatusCommand(() -> false),
                "--url",
                url,
                "--token-file",
                tokenFile.toString(),
                "--config",
                emptyConfig.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("NAME", "GROUP", "STATE", "CODE", "SIGNAL", "FINISHED");
        assertThat(lines.get(1))
                .startsWith("d-2")
                .contains(
                        "ControllerDeployment_Step2",
                        "script",
                        "failed",
                        "2",
                        "pending (3 attempts)",
                        "2026-05-01T10:01:10Z");
        assertThat(lines.get(2)).startsWith("d-1").contains("docker-cmd", "succeeded", "0", "delivered");
        assertThat(r.out()).doesNotContain("\u001b[");
        // Columns line up.
        assertThat(lines.get(1).indexOf("script")).isEqualTo(lines.get(0).indexOf("GROUP"));
        // Which source carries each deployment (a collector's name, push or apply).
        assertThat(lines.get(2).indexOf("poll")).isEqualTo(lines.get(0).indexOf("SOURCE"));
    }

    @Test
    void pushJsonPrintsTheAcceptedIds() throws Exception {
        Path doc = Files.writeString(
                dir.resolve("doc.json"),
                "{\"deployments\": [{\"id\": \"p-1\", \"group\": \"script\", \"config\": \"#!/bin/sh\\ntrue\"}]}");
        Run r = run(
                new PushCommand(),
                "--json",
                doc.toString(),
                "--url",
                url,
                "--token-file",
                tokenFile.toString(),
                "--config",
                emptyConfig.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Json.parse(r.out()).path("accepted").get(0).asText()).isEqualTo("p-1");
    }

    @Test
    void statusHighlightsFailuresOnATerminal() {
        Run r = run(
                new StatusCommand(() -> true),
                "--url",
                url,
                "--token-file",
                tokenFile.toString(),
                "--config",
                emptyConfig.toString());
        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(1)).startsWith(DeploymentTable.RED + "d-2").endsWith(DeploymentTable.RESET);
        assertThat(lines.get(2)).startsWith("d-1").doesNotContain("\u001b[");
    }

    @Test
    void statusJsonPrintsTheAgentsAnswer() {
        Run r = run(
                new StatusCommand(() -> true),
                "--json",
                "--url",
                url,
                "--token-file",
                tokenFile.toString(),
                "--config",
                emptyConfig.toString());
        assertThat(r.exit()).isZero();
        JsonNode list = Json.parse(r.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list.get(0).path("id").asText()).isEqualTo("d-2");
        assertThat(r.out()).doesNotContain("\u001b[");
    }

    @Test
    void statusFindsUrlAndTokenInTheConfiguration() throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "http:\n  url: " + url + "\n  token_file: " + tokenFile + "\n");
        Run r = run(new StatusCommand(() -> false), "--config", config.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("d-2", "d-1");

        int port = server.address().getPort();
        Files.writeString(config, "http:\n  listen: 127.0.0.1:" + port + "\n  token_file: " + tokenFile + "\n");
        assertThat(run(new StatusCommand(() -> false), "--config", config.toString())
                        .exit())
                .isZero();
    }

    @Test
    void statusFailsWithExit1WhenUnreachableOrRefused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run unreachable = run(
                new StatusCommand(() -> false),
                "--url",
                "http://127.0.0.1:" + closed,
                "--config",
                emptyConfig.toString());
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the agent", "connection refused");

        Run noToken = run(new StatusCommand(() -> false), "--url", url, "--config", emptyConfig.toString());
        assertThat(noToken.exit()).isEqualTo(1);
        assertThat(noToken.err()).contains("401", "bearer token");

        Path disabled = Files.writeString(dir.resolve("disabled.yaml"), "http:\n  listen: ''\n");
        Run off = run(new StatusCommand(() -> false), "--config", disabled.toString());
        assertThat(off.exit()).isEqualTo(1);
        assertThat(off.err()).contains("disabled", "--url");

        Run badConfig = run(
                new StatusCommand(() -> false),
                "--config",
                dir.resolve("missing.yaml").toString());
        assertThat(badConfig.exit()).isEqualTo(1);
        assertThat(badConfig.err()).contains("missing.yaml");
    }

    @Test
    void pushPrintsTheAcceptedIdsAndExits0() throws Exception {
        Path doc = dir.resolve("metadata.json");
        Files.writeString(
                doc,
                "{\"deployments\": [{\"id\": \"x1\", \"group\": \"script\"}, {\"id\": \"x2\", \"group\": \"script\"}]}");
        Run r = run(
                new PushCommand(),
                doc.toString(),
                "--url",
                url,
                "--token-file",
                tokenFile.toString(),
                "--config",
                emptyConfig.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactly("x1", "x2");
        assertThat(sink.calls).hasSize(1);
        assertThat(sink.calls.getFirst().document()).isEqualTo(Json.parse(Files.readString(doc)));
    }

    @Test
    void pushExits2WithTheServersMessageWhenRefused() throws Exception {
        Path invalid = dir.resolve("invalid.json");
        Files.writeString(invalid, "{\"deployments\": []}");
        Run r = run(
                new PushCommand(),
                invalid.toString(),
                "--url",
                url,
                "--token-file",
                tokenFile.toString(),
                "--config",
                emptyConfig.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("$.deployments", "is empty");

        Path malformed = dir.resolve("malformed.json");
        Files.writeString(malformed, "{\"deployments\": [\n}");
        Run m = run(
                new PushCommand(),
                malformed.toString(),
                "--url",
                url,
                "--token-file",
                tokenFile.toString(),
                "--config",
                emptyConfig.toString());
        assertThat(m.exit()).isEqualTo(2);
        assertThat(m.err()).contains("malformed JSON", "line 2");
    }

    @Test
    void pushExits1WhenUnreachableUnauthorisedOrTheFileIsMissing() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path doc = dir.resolve("metadata.json");
        Files.writeString(doc, "{\"deployments\": [{\"id\": \"x1\"}]}");
        Run unreachable = run(
                new PushCommand(),
                doc.toString(),
                "--url",
                "http://127.0.0.1:" + closed,
                "--config",
                emptyConfig.toString());
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the agent");

        Run unauthorised = run(new PushCommand(), doc.toString(), "--url", url, "--config", emptyConfig.toString());
        assertThat(unauthorised.exit()).isEqualTo(1);
        assertThat(unauthorised.err()).contains("401");

        Run missing = run(
                new PushCommand(),
                dir.resolve("nope.json").toString(),
                "--url",
                url,
                "--config",
                emptyConfig.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void helpReadsLikeAManPage() {
        Run status = run(new StatusCommand(), "--help");
        assertThat(status.out())
                .contains("Usage: status", "--json", "--url", "--token-file", "--config", "Exit status");
        Run push = run(new PushCommand(), "--help");
        assertThat(push.out()).contains("Usage: push", "METADATA.json", "Exit status");
    }
}
