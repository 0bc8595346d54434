package dev.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.PackageDirection;
import dev.hearth.PackageDirectionSuite;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages follow the data flow (collect -> decide -> run hooks -> report): between two
 * packages, imports go one way only. A type both sides need lives in a package both may use (e.g.
 * {@code net.PathSegments} for collectors and signal transports). The rules both modules keep are in {@code PackageDirectionSuite}.
 */
class PackageDirectionTest extends PackageDirectionSuite {
    @Test
    void signalDoesNotReachIntoCollect() throws Exception {
        assertThat(PackageDirection.references(SOURCES).getOrDefault("dev.hearth.signal", Map.of()))
                .doesNotContainKey("dev.hearth.collect");
    }
}
