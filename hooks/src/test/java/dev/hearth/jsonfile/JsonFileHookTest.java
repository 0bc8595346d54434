package dev.hearth.jsonfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileHookTest {
    static final String KEYSTONE = """
            {"command": "/usr/sbin/httpd",
             "config_files": [
               {"source": "/var/lib/kolla/config_files/src/*", "dest": "/", "merge": true, "preserve_properties": true},
               {"source": "/var/lib/kolla/config_files/src-tls/*", "dest": "/", "merge": true,
                "preserve_properties": true, "optional": true},
               {"source": "/var/lib/kolla/config_files/src/etc/my.cnf", "dest": "/etc/my.cnf",
                "owner": "mysql:mysql", "perm": "0600"}],
             "permissions": [{"path": "/var/log/keystone", "owner": "keystone:keystone", "recurse": true}]}
            """;

    @TempDir
    Path tmp;

    Path kolla;
    Path etc;
    JsonFileHook hook;

    @BeforeEach
    void setUp() {
        kolla = tmp.resolve("kolla/config_files");
        etc = tmp.resolve("etc");
        hook = new JsonFileHook(new JsonFileSettings(List.of(kolla, etc), kolla));
    }

    static Deployment deployment(JsonNode config) {
        ObjectNode d = Json.object().put("id", "j1").put("group", "json-file");
        d.set("config", config);
        d.putNull("options");
        return Deployment.fromJson(d, "$");
    }

    HookResponse run(JsonNode config) {
        return hook.run(
                deployment(config),
                new HookContext(tmp.resolve("w"), tmp.resolve("o"), Duration.ofSeconds(10), Map.of(), null));
    }

    @Test
    void writesEachDocumentAtomicallyWithMode0600KeepingKeyOrder() throws Exception {
        ObjectNode config = Json.object();
        config.set(kolla.resolve("keystone.json").toString(), Json.parse(KEYSTONE));
        config.set(etc.resolve("app/deep/settings.json").toString(), Json.parse("{\"z\": 1, \"a\": [true, null]}"));

        HookResponse r = run(config);

        assertThat(r.statusCode()).as(r.stderr()).isZero();
        Path keystone = kolla.resolve("keystone.json");
        assertThat(Json.parse(Files.readString(keystone))).isEqualTo(Json.parse(KEYSTONE));
        String settings = Files.readString(etc.resolve("app/deep/settings.json"));
        assertThat(settings).endsWith("\n");
        assertThat(settings.indexOf("\"z\"")).isLessThan(settings.indexOf("\"a\""));
        for (Path p : List.of(keystone, etc.resolve("app/deep/settings.json"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                    .isEqualTo("rw-------");
        }
        try (var siblings = Files.list(kolla)) {
            assertThat(siblings.map(p -> p.getFileName().toString()).toList()).containsExactly("keystone.json");
        }
        assertThat(r.stdout()).contains("wrote " + keystone);

        HookResponse again = run(config);
        assertThat(again.statusCode()).isZero();
        assertThat(again.stdout()).contains("unchanged " + keystone);
    }

    @Test
    void acceptsConfigAsJsonOrYamlText() throws Exception {
        String yaml = etc.resolve("a.json") + ":\n  key: value\n  n: 3\n";
        HookResponse r = run(Json.nodes().textNode(yaml));
        assertThat(r.statusCode()).as(r.stderr()).isZero();
        assertThat(Json.parse(Files.readString(etc.resolve("a.json"))))
                .isEqualTo(Json.parse("{\"key\":\"value\",\"n\":3}"));
    }

    @Test
    void refusesRelativeEscapingAndForeignPathsAndWritesNothing() throws Exception {
        Files.createDirectories(etc);
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(etc.resolve("link"), outside);
        ObjectNode config = Json.object();
        config.set(etc.resolve("good.json").toString(), Json.object());
        config.set("relative/file.json", Json.object());
        config.set(etc + "/../outside/x.json", Json.object());
        config.set(tmp.resolve("elsewhere/x.json").toString(), Json.object());
        config.set(etc.resolve("link/x.json").toString(), Json.object());
        config.set(etc.toString(), Json.object());

        HookResponse r = run(config);

        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("5 problem(s)")
                .contains("relative/file.json: relative paths are refused")
                .contains("'..' segments are refused")
                .contains("elsewhere/x.json: outside the allowed roots")
                .contains("link/x.json: " + etc.resolve("link") + " is a symbolic link")
                .contains(etc + ": outside the allowed roots");
        assertThat(etc.resolve("good.json")).doesNotExist();
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void refusesAnInvalidKollaConfigNamingTheProblem() {
        ObjectNode config = Json.object();
        config.set(kolla.resolve("broken.json").toString(), Json.parse("""
                {"config_files": [{"source": "/x", "dest": "relative", "merge": "yes"}],
                 "permissions": [{"path": "/var/log/x", "perm": "rw"}]}
                """));
        config.set(kolla.resolve("notes.txt").toString(), Json.parse("[1, 2]")); // not a .json: not validated

        HookResponse r = run(config);

        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("broken.json: $.command: is required")
                .contains("$.config_files[0].dest: must be an absolute path")
                .contains("$.config_files[0].merge: must be true or false")
                .contains("$.config_files[0].owner: is required")
                .contains("$.config_files[0].perm: is required unless preserve_properties is true")
                .contains("$.permissions[0].owner: is required")
                .contains("$.permissions[0].perm: must be an octal mode")
                .doesNotContain("notes.txt");
        assertThat(kolla).doesNotExist();
    }

    @Test
    void validatorAcceptsTripleoShapes() {
        assertThat(KollaConfigValidator.validate(Json.parse(KEYSTONE))).isEmpty();
        assertThat(KollaConfigValidator.validate(Json.parse("{\"command\": \"/usr/bin/x\"}")))
                .isEmpty();
        assertThat(KollaConfigValidator.validate(Json.parse("[]")))
                .containsExactly("$: a kolla config must be a JSON object");
    }

    @Test
    void aNonMapConfigFails() {
        HookResponse r = run(Json.parse("[1]"));
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("must map absolute paths");
    }

    @Test
    void byDefaultNothingOutsideTripleosPlacesAndNeverHearthsOwnFiles() {
        JsonFileHook defaults = new JsonFileHook(JsonFileSettings.defaults());
        for (String p : List.of(
                "/etc/cron.d/x",
                "/etc/passwd",
                "/etc/sudoers.d/x.json",
                "/root/.ssh/authorized_keys",
                "/usr/lib/systemd/system/x.service")) {
            assertThat(defaults.checkPath(p)).as(p).startsWith("outside the allowed roots");
        }
        assertThat(defaults.checkPath("/var/lib/kolla/config_files/nova.json")).isNull();
        assertThat(defaults.checkPath("/etc/puppet/hieradata/service_configs.json"))
                .isNull();
        assertThat(defaults.checkPath("/var/lib/tripleo-config/container-startup-config/step_1/x.json"))
                .isNull();
        // even an operator's root that contains them does not open Hearth's configuration or state
        JsonFileHook wide = new JsonFileHook(new JsonFileSettings(
                List.of(Path.of("/etc"), Path.of("/var/lib")),
                kolla,
                List.of(JsonFileSettings.HEARTH_CONFIG_DIR, Path.of("/var/lib/hearth"))));
        assertThat(wide.checkPath("/etc/hearth/agent.yaml")).contains("Hearth's own");
        assertThat(wide.checkPath("/etc/hearth/api-token")).contains("Hearth's own");
        assertThat(wide.checkPath("/var/lib/hearth/deployments/x.json")).contains("Hearth's own");
        assertThat(wide.checkPath("/etc/hearthish/x.json")).isNull();
    }

    @Test
    void anUnchangedFileKeepsItsMode() throws Exception {
        ObjectNode config = Json.object();
        Path file = etc.resolve("settings.json");
        config.set(file.toString(), Json.parse("{\"a\": 1}"));
        assertThat(run(config).statusCode()).isZero();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        HookResponse again = run(config);

        assertThat(again.stdout()).contains("unchanged " + file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r--r--");
        config.set(file.toString(), Json.parse("{\"a\": 2}"));
        assertThat(run(config).stdout()).contains("wrote " + file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aSymlinkAsTheFileOrAboveTheRootIsRefused() throws Exception {
        Files.createDirectories(etc);
        Path victim = Files.writeString(tmp.resolve("victim"), "original");
        Files.createSymbolicLink(etc.resolve("passwd.json"), victim);
        HookResponse r = run(Json.object().set(etc.resolve("passwd.json").toString(), Json.object()));
        assertThat(r.statusCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("is a symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("original");

        // a root reached through a link is refused too: the writer never follows one
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path linked = Files.createSymbolicLink(tmp.resolve("linked"), real);
        JsonFileHook viaLink = new JsonFileHook(new JsonFileSettings(List.of(linked), kolla));
        HookResponse l = viaLink.run(
                deployment(Json.object().set(linked.resolve("x.json").toString(), Json.object())),
                new HookContext(tmp.resolve("w"), tmp.resolve("o"), Duration.ofSeconds(10), Map.of(), null));
        assertThat(l.statusCode()).isEqualTo(1);
        assertThat(l.stderr()).contains(linked + " is a symbolic link");
        try (var files = Files.list(real)) {
            assertThat(files).isEmpty();
        }
    }
}
