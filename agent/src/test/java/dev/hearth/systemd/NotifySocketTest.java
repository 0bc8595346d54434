package dev.hearth.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifySocketTest {

    @Test
    void aPathAddressIsNulTerminatedAndAnAbstractOneStartsWithNul() {
        byte[] path = NotifySocket.sockaddr("/run/systemd/notify");
        assertThat(ByteBuffer.wrap(path).order(ByteOrder.nativeOrder()).getShort())
                .isEqualTo((short) 1);
        assertThat(path).hasSize(2 + "/run/systemd/notify".length() + 1);
        assertThat(path[path.length - 1]).isZero();
        byte[] abstractName = NotifySocket.sockaddr("@hearth/notify");
        assertThat(abstractName).hasSize(2 + 1 + "hearth/notify".length());
        assertThat(abstractName[2]).isZero();
        assertThat(abstractName[3]).isEqualTo((byte) 'h');
    }

    @Test
    void theWatchdogCountsOnlyForThisProcess() {
        Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/x", "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42");
        assertThat(ServiceManager.fromEnvironment(env, 42).watchdog()).hasValue(java.time.Duration.ofSeconds(30));
        assertThat(ServiceManager.fromEnvironment(env, 43).watchdog()).isEmpty();
        assertThat(ServiceManager.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000"), 42)
                        .watchdog())
                .isEmpty();
    }
}
