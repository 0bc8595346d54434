package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/package} builds, installed as an operator installs it: the .deb into a clean Debian
 * container without any Java (hearth-test/debian-base, made by .ci/setup-debian-base.sh), the .rpm
 * listed and unpacked by rpm itself into a scratch root, the tarball unpacked and run.
 */
class PackageTest {
    private static final String BASE_IMAGE = "hearth-test/debian-base:latest";
    private static final Path OUT = HearthProcess.HOME.resolve("integration-tests/target/packages");
    private static Path deb;
    private static Path rpm;
    private static Path tarball;
    private static String container;

    record Run(int exitCode, String out) {}

    @BeforeAll
    static void buildPackages() throws Exception {
        Run image = run(Duration.ofSeconds(30), null, "docker", "image", "inspect", BASE_IMAGE);
        assertThat(image.exitCode())
                .as(BASE_IMAGE + " is missing: run .ci/setup-debian-base.sh (bin/test-all does)")
                .isZero();
        Run built = run(
                Duration.ofMinutes(25),
                Map.of("HEARTH_JAR", HearthProcess.JAR.toString(), "HEARTH_PACKAGE_OUT", OUT.toString()),
                HearthProcess.HOME.resolve("bin/package").toString());
        assertThat(built.exitCode()).as(built.out()).isZero();
        List<String> files =
                built.out().lines().filter(l -> l.startsWith(OUT.toString())).toList();
        assertThat(files).as(built.out()).hasSize(3);
        deb = Path.of(files.get(0));
        rpm = Path.of(files.get(1));
        tarball = Path.of(files.get(2));
        assertThat(deb.getFileName().toString()).endsWith("_amd64.deb");
        assertThat(rpm.getFileName().toString()).endsWith(".x86_64.rpm");
        assertThat(tarball.getFileName().toString()).endsWith(".tar.gz");
    }

    @AfterAll
    static void removeContainer() throws Exception {
        if (container != null) run(Duration.ofSeconds(60), null, "docker", "rm", "-f", container);
    }

    @Test
    void theDebInstallsOnDebianWithoutAJdkRunsAndPurgesClean() throws Exception {
        container = "hearth-pkgtest-" + UUID.randomUUID().toString().substring(0, 8);
        Run started = run(
                Duration.ofMinutes(2),
                null,
                "docker",
                "run",
                "-d",
                "--name",
                container,
                "-v",
                deb.getParent() + ":/pkg:ro",
                BASE_IMAGE,
                "sleep",
                "3600");
        assertThat(started.exitCode()).as(started.out()).isZero();

        assertThat(sh("command -v java || ls /usr/lib/jvm").exitCode())
                .as("the base image has no Java")
                .isNotZero();
        ok("dpkg -i /pkg/" + deb.getFileName());

        // Paths, modes, conffiles.
        assertThat(ok("readlink -f /usr/bin/hearth")).isEqualTo("/usr/lib/hearth/bin/hearth\n");
        assertThat(ok("stat -c '%a %U' /etc/hearth/agent.yaml /etc/hearth /var/lib/hearth"))
                .isEqualTo("600 root\n700 root\n700 root\n");
        assertThat(ok("cat /var/lib/dpkg/info/hearth-agent.conffiles"))
                .contains("/etc/hearth/agent.yaml", "/etc/default/hearth-agent");
        ok("test -f /lib/systemd/system/hearth-agent.service && test -f /usr/lib/tmpfiles.d/hearth.conf"
                + " && test -f /etc/default/hearth-agent && test -f /usr/share/man/man1/hearth.1.gz"
                + " && test -f /usr/share/man/man1/hearth-hook.1.gz");
        assertThat(ok("grep -E '^(ExecStart|EnvironmentFile)=' /lib/systemd/system/hearth-agent.service"))
                .contains("ExecStart=/usr/bin/hearth agent")
                .contains("EnvironmentFile=-/etc/default/hearth-agent")
                .doesNotContain("/usr/local/");
        assertThat(ok("bash -c '. /usr/share/bash-completion/completions/hearth && complete -p hearth'"))
                .contains("hearth");
        // Installed, not started and not enabled: agent.yaml is configured first.
        assertThat(sh("systemctl is-enabled hearth-agent.service").out()).contains("disabled");

        // The bundled runtime, with the class-data cache made at package time valid at the installed path
        // (AOTMode=on makes the JVM refuse to start otherwise).
        assertThat(ok("hearth version")).startsWith("hearth ").contains("(Java 25");
        assertThat(ok("HEARTH_JAVA_OPTS=-XX:AOTMode=on hearth version")).startsWith("hearth ");
        // Each short command maps its own cache (the JVM maps and loads every class of the one it is given),
        // the rest share hearth.aot; the daemon maps the runtime's archive made for the launcher's flags,
        // with its module graph; jlink's archives for other flags are not shipped.
        for (String[] command : List.of(
                new String[] {"status --help", "hearth-status.aot"},
                new String[] {"hook --help", "hearth-hook.aot"},
                new String[] {"version", "hearth.aot"},
                new String[] {"config check --config /etc/hearth/agent.yaml", "hearth.aot"})) {
            assertThat(ok("HEARTH_JAVA_OPTS='-Xlog:aot=info -XX:AOTMode=on' hearth " + command[0]))
                    .as(command[0])
                    .contains("Opened AOT cache /usr/lib/hearth/lib/" + command[1] + ".");
        }
        assertThat(ok("HEARTH_JAVA_OPTS=-Xlog:cds=info hearth agent --help"))
                .contains("Opened shared archive file /usr/lib/hearth/runtime/lib/server/classes_coh.jsa.")
                .contains("full module graph: enabled")
                .doesNotContain("AOT cache");
        ok("cd /usr/lib/hearth/runtime/lib/server && test ! -e classes.jsa && test ! -e classes_nocoops.jsa");
        assertThat(ok("/usr/lib/hearth/runtime/bin/java --list-modules"))
                .doesNotContain("jdk.compiler")
                .contains("java.net.http");
        // What the unit's ExecStartPre and ExecReload run: the packaged agent.yaml is valid, a broken one is
        // refused with exit status 2 (which the unit does not restart on).
        Run check = sh("hearth config check --config /etc/hearth/agent.yaml");
        assertThat(check.exitCode()).as(check.out()).isZero();
        ok("printf 'polling:\\n  min_interval: soon\\n' > /tmp/bad.yaml");
        assertThat(sh("hearth config check --config /tmp/bad.yaml").exitCode()).isEqualTo(2);

        // One deployment through the script hook, with the packaged configuration (read and validated:
        // a bad one exits 2) and state directory.
        ok("printf '%s' '" + """
                {"deployments": [{"id": "pkg-1", "name": "packaged", "group": "script", "options": null,
                  "config": "#!/bin/sh\\necho installed > /tmp/applied"}]}""".replace("\n", " ") + "' > /tmp/doc.json");
        assertThat(ok("hearth apply --config /etc/hearth/agent.yaml /tmp/doc.json"))
                .contains("1 ran, 0 failed");
        assertThat(ok("cat /tmp/applied")).isEqualTo("installed\n");
        ok("test -f /var/lib/hearth/deployments/pkg-1.json");
        // The script hook made Hearth the child subreaper through JNA, whose native library the package
        // carries unpacked: JNA copied nothing out of the jar (it would into ~/.cache/JNA or /tmp/jna-*).
        ok("test -f /usr/lib/hearth/lib/native/libjnidispatch.so && test ! -e /root/.cache/JNA"
                + " && ! ls /tmp | grep -q '^jna'");

        Run verify = sh("systemd-analyze verify /lib/systemd/system/hearth-agent.service");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).doesNotContain("hearth-agent.service:");

        // An operator's agent.yaml survives an upgrade (the same package again), mode and all.
        ok("echo '# edited by the operator' >> /etc/hearth/agent.yaml");
        ok("dpkg -i /pkg/" + deb.getFileName());
        assertThat(ok("tail -n 1 /etc/hearth/agent.yaml")).isEqualTo("# edited by the operator\n");
        assertThat(ok("stat -c %a /etc/hearth/agent.yaml")).isEqualTo("600\n");

        // Purge: nothing of Hearth's is left.
        ok("dpkg --purge hearth-agent");
        for (String path : List.of(
                "/usr/bin/hearth",
                "/usr/lib/hearth",
                "/etc/hearth",
                "/var/lib/hearth",
                "/etc/default/hearth-agent",
                "/lib/systemd/system/hearth-agent.service",
                "/usr/lib/tmpfiles.d/hearth.conf",
                "/usr/share/man/man1/hearth.1.gz",
                "/usr/share/bash-completion/completions/hearth")) {
            assertThat(sh("test -e " + path + " || test -L " + path).exitCode())
                    .as(path + " left after purge")
                    .isNotZero();
        }
    }

    @Test
    void theRpmHasRhelPathsAndUnpacksWithRpm(@TempDir Path dir) throws Exception {
        Run list = run(
                Duration.ofSeconds(60),
                null,
                "rpm",
                "-qp",
                "--queryformat",
                "[%{FILENAMES} %{FILEMODES:perms} %{FILEFLAGS:fflags}\\n]",
                rpm.toString());
        assertThat(list.exitCode()).as(list.out()).isZero();
        assertThat(list.out())
                .contains(
                        "/usr/bin/hearth lrwxrwxrwx",
                        "/usr/lib/hearth/bin/hearth -rwxr-xr-x",
                        "/usr/lib/hearth/lib/hearth.jar -rw-r--r--",
                        "/usr/lib/hearth/lib/hearth.aot -rw-r--r--",
                        "/usr/lib/hearth/lib/hearth-status.aot -rw-r--r--",
                        "/usr/lib/hearth/lib/hearth-hook.aot -rw-r--r--",
                        "/usr/lib/hearth/runtime/bin/java -rwxr-xr-x",
                        "/usr/lib/systemd/system/hearth-agent.service -rw-r--r--",
                        "/usr/lib/tmpfiles.d/hearth.conf -rw-r--r--",
                        "/etc/sysconfig/hearth-agent -rw-r--r-- cn",
                        "/etc/hearth drwx------",
                        "/etc/hearth/agent.yaml -rw------- cn",
                        "/var/lib/hearth drwx------",
                        "/usr/share/man/man1/hearth.1.gz",
                        "/usr/share/bash-completion/completions/hearth",
                        "/usr/share/licenses/hearth-agent/LICENSE");
        assertThat(list.out().lines()).noneMatch(l -> l.startsWith("/lib/") || l.startsWith("/etc/default/"));

        // Unpacked by rpm into a scratch root (scriptlets need the node's shell and systemd: not run here).
        Path root = dir.resolve("root");
        Files.createDirectories(root);
        Run init = run(Duration.ofSeconds(60), null, "rpm", "--root", root.toString(), "--initdb");
        assertThat(init.exitCode()).as(init.out()).isZero();
        Run install = run(
                Duration.ofMinutes(3),
                null,
                "rpm",
                "--root",
                root.toString(),
                "-i",
                "--nodeps",
                "--noscripts",
                rpm.toString());
        assertThat(install.exitCode()).as(install.out()).isZero();
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/hearth")).toString())
                .isEqualTo("../lib/hearth/bin/hearth");
        assertThat(Files.readString(root.resolve("usr/lib/systemd/system/hearth-agent.service")))
                .contains("ExecStart=/usr/bin/hearth agent", "EnvironmentFile=-/etc/sysconfig/hearth-agent")
                .doesNotContain("/etc/default/", "/usr/local/");
        // The unpacked launcher runs on the runtime the package brings.
        Run version = run(
                Duration.ofMinutes(2),
                Map.of("PATH", "/usr/bin:/bin"),
                root.resolve("usr/bin/hearth").toString(),
                "version");
        assertThat(version.exitCode()).as(version.out()).isZero();
        assertThat(version.out()).contains("(Java 25");
        Run erase = run(
                Duration.ofMinutes(2),
                null,
                "rpm",
                "--root",
                root.toString(),
                "-e",
                "--nodeps",
                "--noscripts",
                "hearth-agent");
        assertThat(erase.exitCode()).as(erase.out()).isZero();
        assertThat(root.resolve("usr/lib/hearth")).doesNotExist();
        assertThat(root.resolve("usr/bin/hearth")).doesNotExist();
    }

    @Test
    void theTarballRunsFromWhereverItIsUnpacked(@TempDir Path dir) throws Exception {
        Run untar = run(Duration.ofMinutes(2), null, "tar", "-C", dir.toString(), "-xzf", tarball.toString());
        assertThat(untar.exitCode()).as(untar.out()).isZero();
        Path top;
        try (var entries = Files.list(dir)) {
            top = entries.findFirst().orElseThrow();
        }
        for (String f : List.of(
                "bin/hearth",
                "bin/hearth-aot",
                "lib/hearth.jar",
                "lib/hearth.aot",
                "lib/hearth-status.aot",
                "lib/hearth-hook.aot",
                "lib/native/libjnidispatch.so",
                "runtime/bin/java",
                "share/man/man1/hearth.1.gz",
                "share/bash-completion/completions/hearth",
                "systemd/hearth-agent.service",
                "systemd/hearth.conf",
                "etc/agent.yaml",
                "LICENSE")) {
            assertThat(top.resolve(f)).as(f).exists();
        }
        // Through a symlink elsewhere, with no JAVA_HOME: the bundled runtime and the class-data cache.
        Path link = dir.resolve("hearth-link");
        Files.createSymbolicLink(link, top.resolve("bin/hearth"));
        Run version = run(
                Duration.ofMinutes(2),
                Map.of("PATH", "/usr/bin:/bin", "HEARTH_JAVA_OPTS", "-XX:AOTMode=on"),
                link.toString(),
                "version");
        assertThat(version.exitCode()).as(version.out()).isZero();
        assertThat(version.out()).contains("(Java 25");
    }

    private static String ok(String script) throws Exception {
        Run r = sh(script);
        assertThat(r.exitCode()).as(script + "\n" + r.out()).isZero();
        return r.out();
    }

    private static Run sh(String script) throws Exception {
        return run(Duration.ofMinutes(3), null, "docker", "exec", container, "bash", "-c", script);
    }

    /** Runs a command to the end; stdout and stderr together. A null env inherits this one unchanged. */
    private static Run run(Duration timeout, Map<String, String> env, String... cmd)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cmd));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (env != null) {
            pb.environment().remove("JAVA_HOME");
            pb.environment().putAll(env);
            if (!env.containsKey("PATH") && System.getenv("JAVA_HOME") != null) {
                pb.environment().put("JAVA_HOME", System.getenv("JAVA_HOME"));
            }
        }
        Path out = Files.createTempFile("hearth-pkg-", ".out");
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeout + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
