package dev.hearth.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar's class files older than version 50 (picocli's) are rewritten at package time to version 52
 * with stack maps, so the AOT cache can hold them (agent/src/build/java/.../ClassFileUpgrade.java): each one
 * still loads and passes the type-checking verifier, and the command line answers byte for byte as it does
 * with picocli's own class files.
 */
class UpgradedClassFilesTest {

    @Test
    void noClassFileOfTheJarIsOlderThanVersion50() throws Exception {
        List<String> old = new ArrayList<>();
        int picocli = 0;
        try (ZipFile jar = new ZipFile(HearthProcess.JAR.toFile())) {
            for (ZipEntry e : Collections.list(jar.entries())) {
                if (!e.getName().endsWith(".class")) continue;
                try (DataInputStream in = new DataInputStream(jar.getInputStream(e))) {
                    in.readInt();
                    in.readUnsignedShort();
                    int major = in.readUnsignedShort();
                    if (major < 50) old.add(e.getName() + " (" + major + ")");
                    if (e.getName().startsWith("picocli/")) {
                        assertThat(major).as(e.getName()).isEqualTo(52);
                        picocli++;
                    }
                }
            }
        }
        assertThat(old).isEmpty();
        assertThat(picocli).isGreaterThan(200);
    }

    @Test
    void everyRewrittenClassLoadsAndVerifies() throws Exception {
        // A URLClassLoader's classes are verified (BytecodeVerificationRemote, on by default): a version-52
        // class without correct stack maps fails here with a VerifyError.
        int n = 0;
        try (URLClassLoader loader = jarOnly();
                ZipFile jar = new ZipFile(HearthProcess.JAR.toFile())) {
            for (ZipEntry e : Collections.list(jar.entries())) {
                String name = e.getName();
                if (!name.startsWith("picocli/") || !name.endsWith(".class")) continue;
                Class<?> c = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), true, loader);
                assertThat(c.getClassLoader()).isSameAs(loader);
                n++;
            }
        }
        assertThat(n).isGreaterThan(200);
    }

    @Test
    void theCommandLineAnswersAsWithPicocliOwnClassFiles() throws Exception {
        URL original =
                picocli.CommandLine.class.getProtectionDomain().getCodeSource().getLocation();
        assertThat(original.getPath()).endsWith(".jar").doesNotContain("hearth.jar");
        try (URLClassLoader upgraded = jarOnly();
                URLClassLoader asBuilt = new URLClassLoader(
                        new URL[] {original, HearthProcess.JAR.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader())) {
            assertThat(upgraded.loadClass("picocli.CommandLine")
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation())
                    .isEqualTo(HearthProcess.JAR.toUri().toURL());
            assertThat(asBuilt.loadClass("picocli.CommandLine")
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation())
                    .isEqualTo(original);
            List<List<String>> lines = new ArrayList<>();
            lines.add(List.of());
            lines.add(List.of("--help"));
            lines.add(List.of("--no-such-option"));
            lines.add(List.of("-V"));
            lines.add(List.of("stauts"));
            for (String command : commandNames(upgraded)) {
                lines.add(List.of(command, "--help"));
                lines.add(List.of(command, "--no-such-option"));
            }
            lines.add(List.of("config", "check", "--help"));
            lines.add(List.of("status", "--lines", "x"));
            for (List<String> args : lines) {
                assertThat(run(upgraded, args)).as(String.join(" ", args)).isEqualTo(run(asBuilt, args));
            }
            assertThat(lines).hasSizeGreaterThan(30);
        }
    }

    private static URLClassLoader jarOnly() throws Exception {
        return new URLClassLoader(new URL[] {HearthProcess.JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @SuppressWarnings("unchecked")
    private static List<String> commandNames(ClassLoader loader) throws Exception {
        Object cli =
                loader.loadClass("dev.hearth.cli.Main").getMethod("commandLine").invoke(null);
        Map<String, ?> subcommands =
                (Map<String, ?>) cli.getClass().getMethod("getSubcommands").invoke(cli);
        return new ArrayList<>(subcommands.keySet());
    }

    /** Exit status, stdout and stderr of the command line, run in the loader's copy of Hearth. */
    private static String run(ClassLoader loader, List<String> args) throws Exception {
        Object cli =
                loader.loadClass("dev.hearth.cli.Main").getMethod("commandLine").invoke(null);
        Class<?> type = cli.getClass();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        type.getMethod("setOut", PrintWriter.class).invoke(cli, new PrintWriter(out));
        type.getMethod("setErr", PrintWriter.class).invoke(cli, new PrintWriter(err));
        Method execute = type.getMethod("execute", String[].class);
        Object status = execute.invoke(cli, (Object) args.toArray(String[]::new));
        return "status " + status + "\n--- out\n" + out + "\n--- err\n" + err;
    }
}
