package dev.hearth.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway to systemd's service manager (sd_notify(3)): tells it when the agent is ready, reloading,
 * stopping, and that it is alive (the watchdog). Outside a {@code Type=notify} unit
 * ({@code NOTIFY_SOCKET} unset) every call does nothing.
 */
public final class ServiceManager {
    private static final Logger log = LoggerFactory.getLogger(ServiceManager.class);

    private final NotifySocket socket;
    private final Duration watchdog;
    private volatile boolean warned;

    private ServiceManager(NotifySocket socket, Duration watchdog) {
        this.socket = socket;
        this.watchdog = watchdog;
    }

    /**
     * From the environment systemd gives the main process. The watchdog interval counts only when
     * {@code WATCHDOG_PID} is unset or this process's pid, as sd_watchdog_enabled(3) decides.
     */
    public static ServiceManager fromEnvironment(Map<String, String> env, long pid) {
        String address = env.get("NOTIFY_SOCKET");
        NotifySocket socket = address == null || address.isEmpty() ? null : new NotifySocket(address);
        Duration watchdog = null;
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (socket != null && usec != null && (forPid == null || forPid.equals(Long.toString(pid)))) {
            try {
                long micros = Long.parseLong(usec.trim());
                if (micros > 0) watchdog = Duration.ofNanos(micros * 1000);
            } catch (NumberFormatException e) {
                log.warn("WATCHDOG_USEC is not a number of microseconds; no watchdog pings");
            }
        }
        return new ServiceManager(socket, watchdog);
    }

    /** systemd's watchdog timeout, when it asked for pings. */
    public Optional<Duration> watchdog() {
        return Optional.ofNullable(watchdog);
    }

    public void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    /** A reload began; {@link #ready} ends it. MONOTONIC_USEC is CLOCK_MONOTONIC, which nanoTime reads on Linux. */
    public void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
    }

    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    public void alive() {
        send("WATCHDOG=1");
    }

    private void send(String state) {
        if (socket == null) return;
        try {
            socket.send(state);
        } catch (IOException | RuntimeException e) {
            // Once: a unit without NotifyAccess or a vanished socket must not fill the journal.
            if (!warned) log.warn("{}", e.getMessage());
            warned = true;
        }
    }
}
