package dev.hearth.deploy;

import dev.hearth.config.ConfigException;
import dev.hearth.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Hearth process per state directory: markers are read at start, so a second process (an
 * operator's `hearth apply` next to the daemon) could run an id the first is running. The lock is
 * the kernel's, so it goes away with the process, even after kill -9.
 */
public final class StateLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static StateLock acquire(Path stateDir) throws IOException {
        StateDirectory.prepare(stateDir);
        Path file = stateDir.resolve("lock");
        FileChannel ch = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(AtomicFiles.FILE_0600));
        FileLock lock = ch.tryLock();
        if (lock == null) {
            String holder = Files.readString(file).strip();
            ch.close();
            throw new ConfigException("state directory " + stateDir + " is in use by another hearth process"
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                    + "; stop it, push to it (hearth push), or give this command its own --state-dir");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        removeOrphans(stateDir);
        return new StateLock(ch, lock);
    }

    /**
     * A process killed while writing a state file (a marker, the outbox, a pushed document) left its temp
     * file; holding the lock, this process is the only writer, so the state directory and the directories
     * in it (one level down: outbox/given-up) are cleared of them.
     */
    private static void removeOrphans(Path stateDir) throws IOException {
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(stateDir, 2)) {
            dirs = walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int removed = 0;
        for (Path d : dirs) removed += AtomicFiles.removeOrphans(d);
        if (removed > 0) {
            LOG.info(
                    "state directory {}: removed {} temporary file(s) left by an interrupted write", stateDir, removed);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
