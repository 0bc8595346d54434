package dev.hearth.configvolume;

import dev.hearth.fs.FileTrees;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes a live tree equal to a freshly generated one without replacing the live directories
 * (service containers bind-mount them, and a bind mount keeps the old inode of a renamed
 * directory): like {@code rsync -a --delay-updates --delete-after}. Every changed file is renamed
 * into place from a staging tree on the same file system (so each file is either old or new, never
 * half-written); files whose content, mode and owner are unchanged are left alone; what the new
 * tree does not have is deleted last. Directory modes and owners are copied.
 */
final class TreeSync {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private TreeSync() {}

    /** Moves the content of {@code staged} into {@code live}; {@code staged} is consumed. */
    static void apply(Path staged, Path live) throws IOException {
        apply(staged, live, Set.of());
    }

    /**
     * As {@link #apply(Path, Path)}, but the files at {@code kept} (paths relative to both trees)
     * are left in {@code live} as they are, neither replaced nor deleted, as rsync's {@code --exclude}
     * leaves them (docs/config-volumes.md#password-files).
     */
    static void apply(Path staged, Path live, Set<Path> kept) throws IOException {
        Files.createDirectories(live);
        Set<Path> wanted = new HashSet<>();
        Files.walkFileTree(staged, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = staged.relativize(dir);
                Path target = live.resolve(rel);
                wanted.add(rel);
                if (Files.exists(target, NOFOLLOW) && !Files.isDirectory(target, NOFOLLOW)) Files.delete(target);
                if (!Files.exists(target, NOFOLLOW)) Files.createDirectory(target);
                copyModeAndOwner(dir, target);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = staged.relativize(file);
                Path target = live.resolve(rel);
                wanted.add(rel);
                if (kept.contains(rel)) return FileVisitResult.CONTINUE;
                if (Files.isDirectory(target, NOFOLLOW)) FileTrees.delete(target);
                if (!same(file, target)) {
                    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(live)) {
            walk.forEach(p -> {
                Path rel = live.relativize(p);
                if (!wanted.contains(rel) && !kept.contains(rel)) stale.add(p);
            });
        }
        stale.sort(Comparator.reverseOrder()); // children before their parents
        for (Path p : stale) FileTrees.delete(p);
    }

    static boolean same(Path a, Path b) throws IOException {
        if (!Files.isRegularFile(a, NOFOLLOW) || !Files.isRegularFile(b, NOFOLLOW)) return false;
        PosixFileAttributes x = Files.readAttributes(a, PosixFileAttributes.class, NOFOLLOW);
        PosixFileAttributes y = Files.readAttributes(b, PosixFileAttributes.class, NOFOLLOW);
        return x.size() == y.size()
                && x.permissions().equals(y.permissions())
                && x.owner().equals(y.owner())
                && x.group().equals(y.group())
                && Files.mismatch(a, b) == -1;
    }

    private static void copyModeAndOwner(Path from, Path to) throws IOException {
        PosixFileAttributes src = Files.readAttributes(from, PosixFileAttributes.class, NOFOLLOW);
        PosixFileAttributeView dst = Files.getFileAttributeView(to, PosixFileAttributeView.class, NOFOLLOW);
        PosixFileAttributes cur = dst.readAttributes();
        if (!cur.permissions().equals(src.permissions())) dst.setPermissions(src.permissions());
        if (!cur.owner().equals(src.owner())) dst.setOwner(src.owner());
        if (!cur.group().equals(src.group())) dst.setGroup(src.group());
    }
}
