package dev.hearth.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The datagram socket systemd names in {@code $NOTIFY_SOCKET}: one datagram per state change, as
 * sd_notify(3) sends it. The JDK's Unix-domain channels are stream-only, so the datagram goes
 * through libc with JNA (in the jar already: docker-java's Unix-socket transport needs it), which
 * costs nothing on a node where systemd does not ask for notifications.
 */
final class NotifySocket {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    /** sizeof(sockaddr_un.sun_path) on Linux. */
    private static final int SUN_PATH = 108;

    private static final int MSG_NOSIGNAL = 0x4000;

    private interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final String address;
    private final byte[] sockaddr;
    private LibC libc;

    /** @param address a path, or {@code @name} for the abstract namespace */
    NotifySocket(String address) {
        this.address = address;
        this.sockaddr = sockaddr(address);
    }

    String address() {
        return address;
    }

    /** Sends {@code state} ("READY=1", "WATCHDOG=1", ...), newline-separated assignments, in one datagram. */
    synchronized void send(String state) throws IOException {
        byte[] payload = state.getBytes(StandardCharsets.UTF_8);
        try {
            if (libc == null) libc = Native.load("c", LibC.class);
            int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            try {
                libc.sendto(fd, payload, payload.length, MSG_NOSIGNAL, sockaddr, sockaddr.length);
            } finally {
                libc.close(fd);
            }
        } catch (LastErrorException e) {
            throw new IOException("cannot notify systemd over " + address + ": errno " + e.getErrorCode(), e);
        } catch (UnsatisfiedLinkError e) {
            throw new IOException(
                    "cannot notify systemd over " + address + ": libc not loadable: " + e.getMessage(), e);
        }
    }

    /** struct sockaddr_un: the family in host order, then the path (NUL-terminated unless abstract). */
    static byte[] sockaddr(String address) {
        boolean abstractName = address.startsWith("@");
        byte[] path = (abstractName ? address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        int pathLength = path.length + 1; // abstract: the leading NUL; a path: its terminating NUL
        if (pathLength > SUN_PATH) throw new IllegalArgumentException("NOTIFY_SOCKET is longer than a socket address");
        ByteBuffer b = ByteBuffer.allocate(2 + pathLength).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX);
        if (abstractName) b.put((byte) 0);
        b.put(path);
        if (!abstractName) b.put((byte) 0);
        return b.array();
    }
}
