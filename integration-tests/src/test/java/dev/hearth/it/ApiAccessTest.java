package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent with the API settings a new install has (loopback, no token_file): root's
 * {@code hearth push} and {@code hearth status} work without flags, another local user can neither
 * push nor read deployments.
 */
class ApiAccessTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private HearthProcess agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
    }

    @Test
    void onlyRootCanPushOrReadDeploymentsWithTheDefaults() throws Exception {
        // The test's files as an install has them: config and state directory world-traversable,
        // so that what stops another user is the token's mode and nothing else.
        Path home = Files.createDirectories(dir.resolve("node"));
        for (Path p : List.of(dir, home))
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = home.resolve("state");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = home.resolve("agent.yaml");
        Files.writeString(config, """
                state_dir: %s
                http:
                  listen: 127.0.0.1:%d
                heat_config_deployed_dir: %s
                """.formatted(state, port, home.resolve("none")));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        agent = HearthProcess.start(home, Map.of(), "agent", "--config", config.toString());
        URI base = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(base.resolve("/healthz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));

        // agent.yaml holds credentials: a mode other users may read is named at start.
        assertThat(agent.stderr()).contains(config + " is readable by others (mode rw-r--r--)");

        Path token = state.resolve("api-token");
        assertThat(Files.getPosixFilePermissions(token)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(token).strip()).matches("[0-9a-f]{64}");
        assertThat(http.send(
                                HttpRequest.newBuilder(base.resolve("/v1/deployments"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(401);
        // Local monitoring keeps working without the token: no secret and no deployment content there.
        for (String path : List.of("/metrics", "/readyz", "/healthz")) {
            assertThat(http.send(
                                    HttpRequest.newBuilder(base.resolve(path)).build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .as(path)
                    .isEqualTo(200);
        }

        // Another local user: the CLI cannot read the token, the agent refuses the bare request.
        Path nobodyRan = dir.resolve("nobody-ran");
        String nobodyDoc = script("nobody-1", nobodyRan);
        Result push = asNobody(nobodyDoc, "push", "--config", config.toString(), "-");
        assertThat(push.exit()).as(push.err()).isEqualTo(1);
        assertThat(push.err()).contains("401").contains("permission denied");
        Result status = asNobody(null, "status", "--config", config.toString());
        assertThat(status.exit()).as(status.err()).isEqualTo(1);
        assertThat(status.err()).contains("401");
        Result curl = asNobodyRun(
                nobodyDoc,
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                "@-",
                base + "/v1/metadata");
        assertThat(curl.out()).isEqualTo("401");
        Result read =
                asNobodyRun(null, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/v1/deployments");
        assertThat(read.out()).isEqualTo("401");

        // root, no flags but the configuration file an install has in /etc/hearth.
        Path rootRan = dir.resolve("root-ran");
        Path doc = Files.writeString(home.resolve("doc.json"), script("root-1", rootRan));
        HearthProcess.Result rootPush =
                HearthProcess.run(home, Map.of(), null, WAIT, "push", "--config", config.toString(), doc.toString());
        assertThat(rootPush.exitCode()).as(rootPush.stderr()).isZero();
        assertThat(rootPush.stdout()).contains("root-1");
        await().atMost(WAIT).until(() -> Files.exists(rootRan));
        await().atMost(WAIT).until(() -> {
            HearthProcess.Result s =
                    HearthProcess.run(home, Map.of(), null, WAIT, "status", "--json", "--config", config.toString());
            JsonNode list = Json.parse(s.stdout());
            return s.exitCode() == 0
                    && list.get(0).path("id").asText().equals("root-1")
                    && list.get(0).path("state").asText().equals("succeeded");
        });
        HearthProcess.Result table =
                HearthProcess.run(home, Map.of(), null, WAIT, "status", "--config", config.toString());
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(table.stdout()).contains("root-1").doesNotContain("nobody-1");

        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !Files.exists(nobodyRan));
        assertThat(state.resolve("deployments/nobody-1.json")).doesNotExist();
        assertThat(agent.stderr()).doesNotContain(Files.readString(token).strip());
    }

    @Test
    void theUnixSocketServesRootAndRefusesOtherUsers() throws Exception {
        Path home = Files.createDirectories(dir.resolve("node"));
        Path run = Files.createDirectories(dir.resolve("run"));
        for (Path p : List.of(dir, home, run))
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = run.resolve("hearth.sock");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = home.resolve("agent.yaml");
        Files.writeString(config, """
                state_dir: %s
                http:
                  listen: 127.0.0.1:%d
                  socket: %s
                heat_config_deployed_dir: %s
                """.formatted(home.resolve("state"), port, socket, home.resolve("none")));
        // What the CLI reads: the socket, and a TCP address nobody listens on, so only the socket can answer.
        Path cli = home.resolve("cli.yaml");
        Files.writeString(
                cli,
                "state_dir: " + home.resolve("nothing-here") + "\nhttp: {listen: 127.0.0.1:1, socket: " + socket
                        + "}\n");
        for (Path p : List.of(config, cli))
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        agent = HearthProcess.start(home, Map.of(), "agent", "--config", config.toString());
        await().atMost(WAIT).until(() -> Files.exists(socket));

        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
        assertThat(Files.getAttribute(socket, "unix:uid")).isEqualTo(0);

        Path rootRan = dir.resolve("root-ran");
        Path doc = Files.writeString(home.resolve("doc.json"), script("sock-1", rootRan));
        HearthProcess.Result push =
                HearthProcess.run(home, Map.of(), null, WAIT, "push", "--config", cli.toString(), doc.toString());
        assertThat(push.exitCode()).as(push.stderr()).isZero();
        assertThat(push.stdout()).contains("sock-1");
        await().atMost(WAIT).until(() -> Files.exists(rootRan));
        await().atMost(WAIT).untilAsserted(() -> {
            HearthProcess.Result status =
                    HearthProcess.run(home, Map.of(), null, WAIT, "status", "--config", cli.toString());
            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(status.stdout()).contains("sock-1").contains("succeeded");
        });

        // Another user may not open the socket: the kernel refuses before the agent sees anything.
        Path nobodyRan = dir.resolve("nobody-ran");
        Result nobodyPush = asNobody(script("sock-2", nobodyRan), "push", "--config", cli.toString(), "-");
        assertThat(nobodyPush.exit()).as(nobodyPush.err()).isEqualTo(1);
        assertThat(nobodyPush.err()).containsIgnoringCase("permission denied");
        Result nobodyStatus = asNobody(null, "status", "--config", cli.toString());
        assertThat(nobodyStatus.exit()).isEqualTo(1);
        Result curl = asNobodyRun(
                script("sock-3", nobodyRan),
                "curl",
                "-s",
                "--unix-socket",
                socket.toString(),
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                "@-",
                "http://localhost/v1/metadata");
        assertThat(curl.exit()).as("curl: cannot connect").isEqualTo(7);

        assertThat(agent.terminate(Duration.ofSeconds(60))).isZero();
        assertThat(socket).as("removed on stop").doesNotExist();
        assertThat(nobodyRan).doesNotExist();
    }

    private static String script(String id, Path touched) {
        return "{\"deployments\": [{\"id\": \"" + id + "\", \"group\": \"script\", \"config\": \"#!/bin/sh\\ntouch "
                + touched + "\\n\"}]}";
    }

    record Result(int exit, String out, String err) {}

    private Result asNobody(String stdin, String... hearthArgs) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("env", "HEARTH_JAR=" + HearthProcess.JAR, HearthProcess.LAUNCHER.toString()));
        cmd.addAll(List.of(hearthArgs));
        return asNobodyRun(stdin, cmd.toArray(String[]::new));
    }

    /** Runs a command as the unprivileged user {@code nobody} through runuser(1). */
    private Result asNobodyRun(String stdin, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
        cmd.addAll(List.of(command));
        Path out = Files.createTempFile(dir, "nobody-", ".out");
        Path err = Files.createTempFile(dir, "nobody-", ".err");
        Process p = new ProcessBuilder(cmd)
                .directory(Path.of("/").toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + WAIT);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
