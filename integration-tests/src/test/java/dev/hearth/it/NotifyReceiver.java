package dev.hearth.it;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The service manager's end of sd_notify(3) for tests: a Unix datagram socket bound to a path, as
 * systemd binds {@code $NOTIFY_SOCKET}, collecting every datagram the agent sends. The JDK has no
 * Unix datagram socket, so this goes through libc with JNA.
 */
final class NotifyReceiver implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;

    private interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

        long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final Path path;
    private final int fd;
    private final List<String> received = new ArrayList<>();

    NotifyReceiver(Path path) {
        this.path = path;
        this.fd = LibC.C.socket(AF_UNIX, SOCK_DGRAM, 0);
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer addr = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
        addr.putShort((short) AF_UNIX).put(name).put((byte) 0);
        LibC.C.bind(fd, addr.array(), addr.capacity());
    }

    Path path() {
        return path;
    }

    /** Every datagram received so far, oldest first (reads what is waiting without blocking). */
    synchronized List<String> messages() {
        byte[] buf = new byte[4096];
        while (true) {
            try {
                long n = LibC.C.recv(fd, buf, buf.length, MSG_DONTWAIT);
                received.add(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) return List.copyOf(received);
                throw e;
            }
        }
    }

    /** How many datagrams so far carry {@code assignment} (e.g. "READY=1") as one of their lines. */
    long count(String assignment) {
        return messages().stream()
                .filter(m -> m.lines().anyMatch(assignment::equals))
                .count();
    }

    @Override
    public void close() {
        LibC.C.close(fd);
    }
}
