package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hearth deploy --check` of the demo role through the real launcher, dockerd and puppet image: it
 * says what a deploy would do (files, config volume files, containers created, replaced and why,
 * removed) and changes nothing: no file below the node's directories, no marker, no container.
 */
class DeployCheckTest {
    private static final Duration T = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private DemoRole role;

    @BeforeEach
    void setUp() throws Exception {
        DemoRole.docker("image", "inspect", "hearth-test/busybox:latest", "hearth-test/puppet:latest");
        role = new DemoRole(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        role.close();
    }

    private HearthProcess.Result hearth(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("deploy", "--config", role.agentYaml.toString()));
        all.addAll(List.of(args));
        HearthProcess.Result r = HearthProcess.run(dir, Map.of(), null, T, all.toArray(String[]::new));
        assertThat(r.exitCode())
                .as("stderr:\n%s\nstdout:\n%s", r.stderr(), r.stdout())
                .isZero();
        return r;
    }

    private static List<String> would(JsonNode report, String phase) {
        List<String> out = new ArrayList<>();
        report.get("phases").forEach(p -> {
            if (p.get("phase").asText().equals(phase)) p.path("would").forEach(l -> out.add(l.asText()));
        });
        return out;
    }

    /** Every file and directory below the test's node directories: path -> mode, size, mtime, content hash. */
    private Map<String, String> node() throws Exception {
        Map<String, String> out = new TreeMap<>();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String sub : List.of("config-data", "kolla", "puppet", "state")) {
            Path root = dir.resolve(sub);
            if (!Files.exists(root)) continue;
            try (var walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    String what = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS) + " "
                            + Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        what += " " + HexFormat.of().formatHex(md.digest(Files.readAllBytes(p)));
                    }
                    out.put(dir.relativize(p).toString(), what);
                }
            }
        }
        return out;
    }

    private static List<String> checkContainers() throws Exception {
        String out = DemoRole.docker("ps", "-a", "--filter", "name=hearth-check-", "--format", "{{.Names}}");
        return out.isBlank() ? List.of() : out.lines().toList();
    }

    private String ids() throws Exception {
        return DemoRole.docker(
                "ps",
                "-a",
                "--filter",
                "label=deploy_stack_id=hearth-role/" + role.name,
                "--format",
                "{{.Names}} {{.ID}} {{.State}}");
    }

    @Test
    void checkSaysWhatADeployWouldDoAndChangesNothing() throws Exception {
        Path file = role.write(role.yaml());

        // A node that never deployed the role: everything would be made, nothing is.
        JsonNode fresh = Json.parse(hearth("--check", "--json", file.toString()).stdout());
        assertThat(fresh.get("changes").asBoolean()).isTrue();
        assertThat(would(fresh, "pre"))
                .anyMatch(l -> l.startsWith("json-file: would write"))
                .anyMatch(l -> l.equals("  + " + dir.resolve("puppet/hieradata/service_configs.json")))
                .anyMatch(l -> l.startsWith("config volume " + role.name + "_web: would change"))
                .contains("  + /var/www/demo/index.html");
        assertThat(would(fresh, "step_2")).contains("docker-cmd: create " + role.container("kv"));
        assertThat(would(fresh, "step_4")).contains("docker-cmd: create " + role.container("web"));
        assertThat(role.containers()).isEmpty();
        assertThat(checkContainers()).isEmpty();
        assertThat(node()).isEmpty();

        hearth("--json", file.toString());
        Map<String, String> deployed = node();
        String containers = ids();

        // The same role again: a deploy would change nothing, and the check says so.
        JsonNode same = Json.parse(hearth("--check", "--json", file.toString()).stdout());
        assertThat(same.get("changes").asBoolean()).as(same.toString()).isFalse();
        assertThat(would(same, "pre"))
                .contains(
                        "json-file: every file as it would be written",
                        "container-puppet: unchanged (same puppet_config and hiera as when it ran)");

        // A new greeting and the kv service gone.
        String yaml = role.yaml().replace("Hello from Hearth", "Hello again");
        String withoutKv =
                yaml.substring(0, yaml.indexOf("  - name: kv")) + yaml.substring(yaml.indexOf("  - name: bootstrap"));
        Path changed = role.write(withoutKv);
        HearthProcess.Result text = hearth("--check", changed.toString());
        assertThat(text.stdout()).startsWith("check of role " + role.name + ": a deploy would change this node");
        JsonNode report =
                Json.parse(hearth("--check", "--json", changed.toString()).stdout());

        assertThat(report.get("changes").asBoolean()).isTrue();
        assertThat(would(report, "pre"))
                .contains("  ~ " + dir.resolve("puppet/hieradata/service_configs.json"))
                .contains(
                        "config volume " + role.name + "_web: would change 1 file(s):", "  ~ /var/www/demo/index.html");
        assertThat(would(report, "cleanup")).anyMatch(l -> l.startsWith("remove " + role.container("kv")));
        assertThat(would(report, "step_4"))
                .anyMatch(l -> l.startsWith("docker-cmd: replace " + role.container("web"))
                        && l.contains("changed: environment"));
        assertThat(would(report, "step_3")).allMatch(l -> l.startsWith("docker-cmd: unchanged"));

        // Nothing moved: files, markers, checksums, containers.
        assertThat(node()).isEqualTo(deployed);
        assertThat(ids()).isEqualTo(containers);
        assertThat(checkContainers()).isEmpty();
        assertThat(Files.readString(role.configData.resolve(role.name + "_web/var/www/demo/index.html")))
                .isEqualTo("<h1>Hello from Hearth</h1>\n");
    }
}
