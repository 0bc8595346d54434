package dev.hearth.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * This process as the "child subreaper" of everything it starts (Linux {@code prctl(PR_SET_CHILD_SUBREAPER)}):
 * a hook's child that daemonises (double fork, {@code setsid}) is re-parented to Hearth instead of to
 * init, so it can still be found and ended with the hook's tree. Re-parented children that exit are
 * Hearth's to reap; {@link #reap} does that for one of them.
 *
 * <p>libc is reached through JNA, already on the classpath for Docker's unix socket: the build is at
 * Java 21 level, where the foreign-function API is still a preview.
 */
public final class ChildSubreaper {
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int PR_GET_CHILD_SUBREAPER = 37;
    private static final int WNOHANG = 1;

    /** The two libc calls used. */
    interface LibC extends Library {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

        int prctl(int option, int[] arg2, long arg3, long arg4, long arg5) throws LastErrorException;

        int waitpid(int pid, int[] status, int options) throws LastErrorException;
    }

    private final LibC libc;
    private final String unavailable;

    private ChildSubreaper(LibC libc, String unavailable) {
        this.libc = libc;
        this.unavailable = unavailable;
    }

    /**
     * Makes this process a child subreaper. Where that is impossible (not Linux, libc not loadable) the
     * result says why and hook trees are still found by their mark and their parent links.
     */
    public static ChildSubreaper enable() {
        try {
            LibC libc = Native.load("c", LibC.class);
            libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
            return new ChildSubreaper(libc, null);
        } catch (LastErrorException e) {
            return new ChildSubreaper(null, "prctl(PR_SET_CHILD_SUBREAPER) failed with errno " + e.getErrorCode());
        } catch (LinkageError | RuntimeException e) {
            return new ChildSubreaper(null, "libc not reachable: " + e.getMessage());
        }
    }

    /** Whether the kernel says this process is a child subreaper now. */
    public boolean active() {
        if (libc == null) return false;
        int[] flag = new int[1];
        try {
            libc.prctl(PR_GET_CHILD_SUBREAPER, flag, 0, 0, 0);
            return flag[0] != 0;
        } catch (LastErrorException e) {
            return false;
        }
    }

    /** Why {@link #active()} is false, or null. */
    public String unavailableReason() {
        return unavailable;
    }

    /** Collects the exit status of child {@code pid} if it has ended; true when it was reaped. */
    boolean reap(long pid) {
        if (libc == null) return false;
        try {
            return libc.waitpid((int) pid, new int[1], WNOHANG) == pid;
        } catch (LastErrorException e) {
            return false; // not (or no longer) our child
        }
    }
}
