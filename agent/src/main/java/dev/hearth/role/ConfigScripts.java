package dev.hearth.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a role's config scripts where TripleO writes them (docs/roles.md#outputs): each
 * {@code container_config_scripts} entry to {@code <container dir>/<name>}, each docker-era
 * {@code docker_config_scripts} entry to {@code <docker dir>/<name>}, with its {@code mode} (default
 * 0600, as TripleO's copy task). A file already holding that content and mode is left alone, so an
 * unchanged role writes nothing; a symbolic link in the file's place is refused.
 */
public final class ConfigScripts {
    private final Map<String, Path> dirs;

    /** @param dirs output key ({@link RoleDocument#SCRIPT_KEYS}) → directory */
    public ConfigScripts(Map<String, Path> dirs) {
        this.dirs = Map.copyOf(dirs);
    }

    /** Writes what differs; returns one line per file written ({@code wrote <path> (mode 0755)}). */
    public List<String> write(Map<String, ObjectNode> scripts) throws IOException {
        List<String> written = new ArrayList<>();
        for (Script s : differing(scripts)) {
            AtomicFiles.ensureDirectory(s.file().getParent(), AtomicFiles.DIR_0755);
            AtomicFiles.write(s.file(), s.content(), permissions(s.mode()));
            written.add("wrote " + s.file() + " (mode " + String.format("%04o", s.mode()) + ")");
        }
        return written;
    }

    /**
     * What {@link #write} would write, without writing: {@code + <path> (mode 0755)} for a new file,
     * {@code ~ <path> (mode 0755)} for one whose content or mode differs.
     */
    public List<String> check(Map<String, ObjectNode> scripts) throws IOException {
        List<String> out = new ArrayList<>();
        for (Script s : differing(scripts)) {
            out.add((Files.exists(s.file(), LinkOption.NOFOLLOW_LINKS) ? "~ " : "+ ") + s.file() + " (mode "
                    + String.format("%04o", s.mode()) + ")");
        }
        return out;
    }

    // The content is written as it is and compared with Arrays.equals where needed, never as a record.
    @SuppressWarnings("ArrayRecordComponent")
    private record Script(Path file, byte[] content, int mode) {}

    private List<Script> differing(Map<String, ObjectNode> scripts) throws IOException {
        List<Script> out = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> kind : scripts.entrySet()) {
            Path dir = dirs.get(kind.getKey());
            if (dir == null) throw new IllegalArgumentException("no directory for " + kind.getKey());
            for (Map.Entry<String, JsonNode> e : kind.getValue().properties()) {
                String at = kind.getKey() + "." + e.getKey();
                int mode = mode(e.getValue().get("mode"), at + ".mode");
                byte[] content =
                        e.getValue().path("content").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                Path file = dir.resolve(e.getKey());
                if (Files.isSymbolicLink(file)) throw new IOException(file + " is a symbolic link; not writing " + at);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && java.util.Arrays.equals(Files.readAllBytes(file), content)
                        && Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                                .equals(permissions(mode))) {
                    continue;
                }
                out.add(new Script(file, content, mode));
            }
        }
        return out;
    }

    /**
     * A script's mode: absent means 0600; a string is octal ({@code "0755"}); a number is the mode's
     * value (YAML reads an unquoted {@code 0755} as octal already).
     */
    static int mode(JsonNode v, String at) {
        if (v == null || v.isNull()) return 0600;
        int mode;
        try {
            mode = v.isIntegralNumber()
                    ? v.intValue()
                    : Integer.parseInt(v.asText().strip(), 8);
        } catch (NumberFormatException e) {
            throw new RoleException(at, "must be an octal file mode such as \"0755\"");
        }
        if (mode < 0 || mode > 0777) throw new RoleException(at, "must be a file mode within 0000 .. 0777");
        return mode;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < order.length; i++) if ((mode & (1 << i)) != 0) out.add(order[i]);
        return out;
    }
}
