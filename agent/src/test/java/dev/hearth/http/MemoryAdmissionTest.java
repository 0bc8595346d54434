package dev.hearth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryAdmissionTest {
    private static final int MIB = 1 << 20;
    final AtomicLong free = new AtomicLong(100L * MIB);
    final AtomicInteger collections = new AtomicInteger();
    final MemoryAdmission admission = new MemoryAdmission(free::get, collections::incrementAndGet);

    @Test
    void smallBodiesPassWithoutALook() {
        free.set(0);
        try (var t = admission.admit(MemoryAdmission.SMALL_BODY - 1)) {
            assertThat(t.admitted()).isTrue();
        }
        assertThat(collections).hasValue(0);
    }

    @Test
    void aLargeBodyIsTakenWhenItsTreeFits() {
        try (var t = admission.admit(6 * MIB)) {
            assertThat(t.admitted()).isTrue();
        }
        assertThat(collections).hasValue(0);
    }

    @Test
    void aLargeBodyThatDoesNotFitEvenAfterACollectionIsRefusedWithTheNumbers() {
        try (var t = admission.admit(15 * MIB)) {
            assertThat(t.admitted()).isFalse();
            assertThat(t.refusal())
                    .isEqualTo("not enough free memory to take a document of 15728640 bytes now (it needs "
                            + "about 240 MiB, 100 MiB are free while earlier documents are processed); retry later");
        }
        assertThat(collections).hasValue(1);
    }

    @Test
    void aCollectionThatFreesEnoughLetsItIn() {
        MemoryAdmission a = new MemoryAdmission(free::get, () -> free.set(300L * MIB));
        try (var t = a.admit(15 * MIB)) {
            assertThat(t.admitted()).isTrue();
        }
    }

    @Test
    void largeBodiesAreTakenOneAtATime() throws Exception {
        AtomicInteger second = new AtomicInteger(-1);
        Thread other;
        try (var t = admission.admit(2 * MIB)) {
            assertThat(t.admitted()).isTrue();
            other = Thread.ofVirtual().start(() -> {
                try (var t2 = admission.admit(2 * MIB)) {
                    second.set(t2.admitted() ? 1 : 0);
                }
            });
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> second.get() == -1);
        }
        other.join(5000);
        assertThat(second).hasValue(1);
    }
}
