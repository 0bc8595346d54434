package dev.hearth.systemctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against the real systemctl on a scratch root (--root: unit files only, no running systemd needed). */
@Tag("systemctl")
class SystemctlRootTest {
    @TempDir
    Path root;

    @Test
    void enablesAndDisablesUnitFilesBelowTheRoot() throws Exception {
        Path lib = Files.createDirectories(root.resolve("lib/systemd/system"));
        Files.writeString(
                lib.resolve("os-collect-config.service"),
                "[Unit]\nDescription=occ\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n");
        Systemctl s = Systemctl.forRoot(root);
        assertThat(s.live()).isFalse();
        assertThat(s.unitFileState("os-collect-config.service")).isEqualTo("disabled");
        assertThat(s.unitFileState("nothing-here.service")).isEqualTo(Systemctl.NOT_FOUND);

        assertThat(s.enable(List.of("os-collect-config.service")))
                .isEqualTo("systemctl --root=" + root + " enable os-collect-config.service");
        assertThat(root.resolve("etc/systemd/system/multi-user.target.wants/os-collect-config.service"))
                .isSymbolicLink();
        assertThat(s.unitFileState("os-collect-config.service")).isEqualTo("enabled");

        s.disable(List.of("os-collect-config.service"));
        assertThat(root.resolve("etc/systemd/system/multi-user.target.wants/os-collect-config.service"))
                .doesNotExist();
        assertThat(s.unitFileState("os-collect-config.service")).isEqualTo("disabled");

        assertThatThrownBy(() -> s.enable(List.of("nothing-here.service")))
                .hasMessageContaining("enable nothing-here.service exited");
    }

    /** A hook's tree termination spares marked processes only; systemctl runs while hooks do (container units). */
    @Test
    void everyCommandRunsWithHearthsProcessMark() throws Exception {
        Path fake = root.resolve("systemctl");
        Files.writeString(fake, "#!/bin/sh\necho \"${HEARTH_PROCESS_TREE:-unmarked} $LC_ALL\"\n");
        fake.toFile().setExecutable(true);

        String answer = new Systemctl(fake.toString(), root, root.resolve("no-systemd")).unitFileState("x.service");

        assertThat(answer).doesNotStartWith("unmarked").endsWith(" C");
    }
}
