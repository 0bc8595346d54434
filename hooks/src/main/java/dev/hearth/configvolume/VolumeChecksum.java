package dev.hearth.configvolume;

import dev.hearth.fs.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checksum of a config volume tree, the value that ends up in {@code TRIPLEO_CONFIG_HASH}.
 *
 * <p>Two algorithms (docs/config-volumes.md#checksum):
 * <ul>
 * <li>{@link Algorithm#TRIPLEO} (default) gives, byte for byte, what the shell pipeline
 * {@code tar -c ... <root> [password files] | tar xO | sed '/^#.*HEADER.*\/d' | md5sum} of the
 * TripleO config-volume script printed, so that switching a node to Hearth changes no hash and
 * restarts no container: regular files in the order the file system lists directory entries
 * (depth first, as tar walks), a file hard-linked to one already seen counts once, symlinks and
 * directories count nothing, and the HEADER filter runs over the concatenation (a last line
 * without newline joins the next file's first line). Excluded: {@code * /etc/swift/backups/*},
 * {@code * /etc/swift/*.ring.gz}, {@code * /etc/swift/*.builder}, {@code * /etc/libvirt/passwd.db}
 * (a star matches {@code /} too) and every copy of a password file; the password files that
 * exist are hashed last, in the order given.</li>
 * <li>{@link Algorithm#SORTED}: the same files and exclusions, but ordered by relative path as
 * unsigned UTF-8 bytes and filtered per file, so the value does not depend on directory order
 * (a copied or restored tree keeps its hash). It differs from TripleO's value.</li>
 * </ul>
 * An empty or missing tree gives {@code d41d8cd98f00b204e9800998ecf8427e}.
 */
public final class VolumeChecksum {
    public static final String EMPTY = "d41d8cd98f00b204e9800998ecf8427e";
    /** The password files TripleO counts in the checksum but keeps out of the trees' hash. */
    public static final List<String> TRIPLEO_PASSWORD_FILES = List.of("/root/.my.cnf");

    private static final List<Pattern> EXCLUDED = List.of(
            Pattern.compile(".*/etc/swift/backups/.*", Pattern.DOTALL),
            Pattern.compile(".*/etc/swift/.*\\.ring\\.gz", Pattern.DOTALL),
            Pattern.compile(".*/etc/swift/.*\\.builder", Pattern.DOTALL),
            Pattern.compile(".*/etc/libvirt/passwd\\.db", Pattern.DOTALL));
    private static final byte[] HEADER = "HEADER".getBytes(StandardCharsets.US_ASCII);

    public enum Algorithm {
        TRIPLEO,
        SORTED;

        /** The config value ({@code tripleo}, {@code sorted}); null when unknown. */
        public static Algorithm parse(String s) {
            for (Algorithm a : values()) if (a.name().equalsIgnoreCase(s)) return a;
            return null;
        }
    }

    private VolumeChecksum() {}

    /** TripleO's checksum of {@code root} without password files. */
    public static String of(Path root) throws IOException {
        return of(root, Algorithm.TRIPLEO, Map.of());
    }

    /**
     * The checksum of {@code root}. {@code passwordFiles} maps each password file's absolute name
     * (e.g. {@code /root/.my.cnf}, whose copies anywhere in the tree are left out) to the file whose
     * content counts for it; a missing file counts nothing.
     */
    public static String of(Path root, Algorithm algorithm, Map<String, Path> passwordFiles) throws IOException {
        MessageDigest md5 = md5();
        // as in TripleO's script, a password file that does not exist neither counts nor hides its copies
        Map<String, Path> present = new LinkedHashMap<>();
        passwordFiles.forEach((name, p) -> {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) present.put(name, p);
        });
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            List<String> rels = algorithm == Algorithm.SORTED
                    ? sorted(root, present.keySet())
                    : fileSystemOrder(root, present.keySet());
            for (String rel : rels) files.add(root.resolve(rel));
        }
        files.addAll(present.values());
        LineFilter shared = new LineFilter(md5);
        for (Path f : files) {
            LineFilter filter = algorithm == Algorithm.SORTED ? new LineFilter(md5) : shared;
            digest(filter, f);
            if (algorithm == Algorithm.SORTED) filter.finish();
        }
        shared.finish();
        return HexFormat.of().formatHex(md5.digest());
    }

    /** The regular files below {@code root} that count, sorted by path (the {@code sorted} order). */
    static List<String> files(Path root) throws IOException {
        return sorted(root, Set.of());
    }

    private static List<String> sorted(Path root, Set<String> passwordFiles) throws IOException {
        List<String> rels = fileSystemOrder(root, passwordFiles);
        rels.sort((a, b) ->
                Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        return rels;
    }

    /** Depth first in directory-listing order, as GNU tar archives a tree by default. */
    static List<String> fileSystemOrder(Path root, Set<String> passwordFiles) throws IOException {
        List<String> rels = new ArrayList<>();
        Set<Object> seenInodes = new HashSet<>();
        String base = root.toAbsolutePath().normalize().toString();
        walk(root, "", base, passwordFiles, seenInodes, rels);
        return rels;
    }

    private static void walk(
            Path dir, String relDir, String base, Set<String> passwordFiles, Set<Object> seen, List<String> out)
            throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String rel = relDir + p.getFileName();
                if (excluded(base + "/" + rel, passwordFiles)) continue;
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) {
                    walk(p, rel + "/", base, passwordFiles, seen, out);
                } else if (a.isRegularFile()) {
                    // tar stores a later hard link to an archived file as a link, which tar xO prints as nothing
                    Object key = a.fileKey();
                    if (key != null && linkCount(p) > 1 && !seen.add(key)) continue;
                    out.add(rel);
                }
            }
        }
    }

    private static int linkCount(Path p) throws IOException {
        try {
            return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return 1;
        }
    }

    private static boolean excluded(String path, Set<String> passwordFiles) {
        for (Pattern x : EXCLUDED) if (x.matcher(path).matches()) return true;
        for (String pw : passwordFiles) if (path.endsWith(pw)) return true;
        return false;
    }

    /**
     * Writes {@code <hex>\n} to {@code file} atomically (mode 0644), only when the file does not hold
     * that value already. Returns true when the file was written.
     */
    public static boolean writeIfChanged(Path file, String hex) throws IOException {
        String line = hex + "\n";
        if (Files.isRegularFile(file)
                && Files.readString(file, StandardCharsets.US_ASCII).equals(line)) return false;
        AtomicFiles.write(file, line, AtomicFiles.FILE_0644);
        return true;
    }

    /** The checksum recorded in {@code file}, or null. */
    public static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
        return s.isEmpty() ? null : s;
    }

    private static void digest(LineFilter filter, Path file) throws IOException {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buf)) > 0) filter.feed(buf, n);
        }
    }

    /** Streams bytes into the digest, dropping lines that match {@code ^#.*HEADER.*}. */
    private static final class LineFilter {
        private final MessageDigest md5;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineFilter(MessageDigest md5) {
            this.md5 = md5;
        }

        void feed(byte[] buf, int n) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line.write(buf, start, i - start + 1);
                    flushLine();
                    start = i + 1;
                }
            }
            line.write(buf, start, n - start);
        }

        void finish() {
            flushLine();
        }

        private void flushLine() {
            byte[] l = line.toByteArray();
            line.reset();
            if (l.length == 0 || isHeader(l)) return;
            md5.update(l);
        }

        private static boolean isHeader(byte[] l) {
            if (l[0] != '#') return false;
            int end = l[l.length - 1] == '\n' ? l.length - 1 : l.length;
            outer:
            for (int i = 1; i + HEADER.length <= end; i++) {
                for (int j = 0; j < HEADER.length; j++) if (l[i + j] != HEADER[j]) continue outer;
                return true;
            }
            return false;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
