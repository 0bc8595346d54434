package dev.hearth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which {@code dev.hearth} packages of a module's sources reference each other (imports and types
 * named in full, comments left out). Shared by the modules' PackageDirectionTests.
 */
public final class PackageDirection {
    private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.hearth[\\w.]*);", Pattern.MULTILINE);
    /** An import, or a type named in full in the code. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.hearth\\.(?:[a-z]\\w*\\.)*[A-Z]\\w*)");

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private PackageDirection() {}

    /** Pairs of packages that reference each other, each with one file of each side. */
    public static List<String> bothWays(Path sources) throws IOException {
        return bothWays(sources, UnaryOperator.identity());
    }

    /**
     * Pairs of areas that reference each other, an area being a top-level package with its
     * sub-packages ({@code dev.hearth.hook} with {@code dev.hearth.hook.script}): a sub-package may
     * not lead back into a package that its parent's area is used by.
     */
    public static List<String> areasBothWays(Path sources) throws IOException {
        return bothWays(sources, PackageDirection::areaOf);
    }

    /** Package -> package it references -> one file of the first that does. */
    public static Map<String, Map<String, Path>> references(Path sources) throws IOException {
        return references(sources, UnaryOperator.identity());
    }

    private static Map<String, Map<String, Path>> references(Path sources, UnaryOperator<String> unit)
            throws IOException {
        Map<String, Map<String, Path>> references = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = COMMENT.matcher(Files.readString(file)).replaceAll(" ");
                Matcher p = PACKAGE.matcher(text);
                if (!p.find()) continue;
                String from = unit.apply(p.group(1));
                Matcher i = REFERENCE.matcher(text.substring(p.end()));
                while (i.find()) {
                    String to = unit.apply(packageOf(i.group(1)));
                    if (!to.equals(from))
                        references.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, file);
                }
            }
        }
        if (references.isEmpty())
            throw new IllegalStateException("no dev.hearth sources in " + sources.toAbsolutePath());
        return references;
    }

    private static List<String> bothWays(Path sources, UnaryOperator<String> unit) throws IOException {
        Map<String, Map<String, Path>> references = references(sources, unit);
        List<String> bothWays = new ArrayList<>();
        references.forEach((a, targets) -> targets.forEach((b, file) -> {
            Path back = references.getOrDefault(b, Map.of()).get(a);
            if (back != null && a.compareTo(b) < 0) {
                bothWays.add(a + " <-> " + b + " (" + sources.relativize(file) + ", " + sources.relativize(back) + ")");
            }
        }));
        return bothWays;
    }

    /** {@code dev.hearth.net.PathSegments.encode} -> {@code dev.hearth.net}: segments up to the first type name. */
    static String packageOf(String qualified) {
        String[] parts = qualified.split("\\.", -1);
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (Character.isUpperCase(part.charAt(0))) break;
            if (!sb.isEmpty()) sb.append('.');
            sb.append(part);
        }
        return sb.toString();
    }

    /** {@code dev.hearth.hook.script} -> {@code dev.hearth.hook}. */
    static String areaOf(String pkg) {
        String[] parts = pkg.split("\\.", -1);
        return parts.length <= 3 ? pkg : String.join(".", parts[0], parts[1], parts[2]);
    }
}
