package dev.hearth.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One process as {@code /proc/PID/stat} describes it: parent, state (Z for a zombie) and start time
 * (clock ticks after boot: with the pid, it names a process even after its pid is reused).
 */
record ProcStat(long pid, long parent, char state, long startTicks) {
    private static final Path PROC = Path.of("/proc");

    boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    static Optional<ProcStat> of(long pid) {
        try {
            String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            // The command name is in parentheses and may hold spaces or parentheses: fields follow the last ')'.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", -1);
            return Optional.of(new ProcStat(pid, Long.parseLong(f[1]), f[0].charAt(0), Long.parseLong(f[19])));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** Every process now. */
    static List<ProcStat> all() {
        List<ProcStat> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs =
                Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path d : dirs) of(Long.parseLong(d.getFileName().toString())).ifPresent(out::add);
        } catch (IOException e) {
            // /proc unreadable: nothing can be found, and nothing is signalled by mistake
        }
        return out;
    }

    /** The environment the process was started with ("NAME=value" entries); empty when unreadable. */
    Optional<List<String>> environment() {
        byte[] env;
        try {
            env = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
        List<String> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < env.length; i++) {
            if (env[i] == 0) {
                entries.add(new String(env, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return Optional.of(entries);
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) if (!Character.isDigit(name.charAt(i))) return false;
        return true;
    }
}
