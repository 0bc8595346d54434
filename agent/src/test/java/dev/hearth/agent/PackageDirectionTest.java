package dev.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages follow the data flow (collect -> decide -> run hooks -> report): between two
 * packages, imports go one way only. A type both sides need lives in a package both may use (e.g.
 * {@code net.PathSegments} for collectors and signal transports).
 */
class PackageDirectionTest {
    private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.hearth[\\w.]*);", Pattern.MULTILINE);
    /** An import, or a type named in full in the code. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.hearth\\.(?:[a-z]\\w*\\.)*[A-Z]\\w*)");

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void noTwoPackagesImportEachOther() throws IOException {
        // package -> imported package -> one file that imports it
        Map<String, Map<String, Path>> imports = new TreeMap<>();
        Path sources = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = COMMENT.matcher(Files.readString(file)).replaceAll(" ");
                Matcher p = PACKAGE.matcher(text);
                if (!p.find()) continue;
                String from = p.group(1);
                Matcher i = REFERENCE.matcher(text.substring(p.end()));
                while (i.find()) {
                    String to = packageOf(i.group(1));
                    if (!to.equals(from))
                        imports.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, file);
                }
            }
        }
        assertThat(imports).as("sources read from %s", sources.toAbsolutePath()).isNotEmpty();
        List<String> bothWays = new ArrayList<>();
        imports.forEach((a, targets) -> targets.forEach((b, file) -> {
            Path back = imports.getOrDefault(b, Map.of()).get(a);
            if (back != null && a.compareTo(b) < 0) {
                bothWays.add(a + " <-> " + b + " (" + sources.relativize(file) + ", " + sources.relativize(back) + ")");
            }
        }));
        assertThat(bothWays).as("packages that import each other").isEmpty();
    }

    /** {@code dev.hearth.net.PathSegments.encode} -> {@code dev.hearth.net}: segments up to the first type name. */
    private static String packageOf(String qualified) {
        String[] parts = qualified.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (Character.isUpperCase(part.charAt(0))) break;
            if (!sb.isEmpty()) sb.append('.');
            sb.append(part);
        }
        return sb.toString();
    }
}
