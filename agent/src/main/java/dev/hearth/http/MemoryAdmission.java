package dev.hearth.http;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Takes a large pushed document only when the heap has room for its tree. A document's tree costs up
 * to {@link #BYTES_PER_BODY_BYTE} times its JSON text (measured on the densest shapes the token limit
 * allows), and documents already queued keep theirs until they are processed. Without this gate,
 * pushes that arrive faster than the node runs them exhaust the heap and the JVM exits; with it, the
 * sender gets a 503 and tries again later. Small bodies pass without a look. Large ones are taken one
 * at a time, from the check until their tree is handed over, so two cannot count the same free memory.
 */
final class MemoryAdmission {
    static final long BYTES_PER_BODY_BYTE = 16;
    static final int SMALL_BODY = 1 << 20;
    private static final long MIB = 1 << 20;

    private final LongSupplier freeHeap;
    private final Runnable collect;
    private final ReentrantLock large = new ReentrantLock();

    MemoryAdmission(LongSupplier freeHeap, Runnable collect) {
        this.freeHeap = freeHeap;
        this.collect = collect;
    }

    /** The JVM's heap: what -Xmx allows minus what is in use, with a full collection when that looks short. */
    static MemoryAdmission ofHeap() {
        Runtime rt = Runtime.getRuntime();
        return new MemoryAdmission(() -> rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()), System::gc);
    }

    /** Admission of one body: {@link #admitted()} or the {@link #refusal()}; close it once the tree is handed over. */
    static final class Ticket implements AutoCloseable {
        private final ReentrantLock held;
        private final String refusal;

        private Ticket(ReentrantLock held, String refusal) {
            this.held = held;
            this.refusal = refusal;
        }

        boolean admitted() {
            return refusal == null;
        }

        String refusal() {
            return refusal;
        }

        @Override
        public void close() {
            if (held != null) held.unlock();
        }
    }

    // The lock is handed to the Ticket and released when the document has been processed, not here.
    @SuppressWarnings("LockNotBeforeTry")
    Ticket admit(int bodyLength) {
        if (bodyLength < SMALL_BODY) return new Ticket(null, null);
        long needed = bodyLength * BYTES_PER_BODY_BYTE;
        large.lock();
        long free = freeHeap.getAsLong();
        if (free < needed) {
            // Much of the heap in use may be garbage: look again after a collection.
            collect.run();
            free = freeHeap.getAsLong();
        }
        if (free >= needed) return new Ticket(large, null);
        large.unlock();
        return new Ticket(
                null,
                "not enough free memory to take a document of " + bodyLength + " bytes now (it needs about "
                        + needed / MIB + " MiB, " + Math.max(0, free) / MIB
                        + " MiB are free while earlier documents are processed);"
                        + " retry later");
    }
}
