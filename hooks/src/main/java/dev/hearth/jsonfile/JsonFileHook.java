package dev.hearth.jsonfile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.fs.AtomicFiles;
import dev.hearth.fs.NoFollowWriter;
import dev.hearth.hook.Deployment;
import dev.hearth.hook.Hook;
import dev.hearth.hook.HookContext;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.DocumentException;
import dev.hearth.json.Json;
import dev.hearth.json.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group {@code json-file} (docs/heat-protocol.md#hooks-of-heat-agents): {@code config} maps absolute paths to JSON
 * documents (a JSON or YAML text holding such a map is accepted too); each document is written to
 * its path. TripleO uses it for the kolla config files (docs/containers.md#kolla-config-files) and
 * hiera data; where it may write is docs/JSON-FILE.md.
 *
 * <p>Everything is checked before anything is written: every path must be absolute, without
 * {@code .} or {@code ..} segments, strictly below one of {@link JsonFileSettings#allowedRoots()},
 * outside {@link JsonFileSettings#forbidden()}, and no existing component of it may be a symbolic
 * link; a {@code *.json} below the kolla directory must pass {@link KollaConfigValidator}. One refused
 * path fails the deployment and writes nothing. The write itself goes through {@link NoFollowWriter},
 * which opens every directory by descriptor without following links, so nothing swapped in after the
 * check can redirect it. Files are written atomically with mode 0600, as pretty JSON that keeps the
 * document's key order and ends with a newline. A file whose bytes would not change is not touched
 * (not even its mode).
 */
public final class JsonFileHook implements Hook {
    public static final String GROUP = "json-file";

    private final JsonFileSettings settings;

    public JsonFileHook(JsonFileSettings settings) {
        this.settings = settings;
    }

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public HookResponse run(Deployment d, HookContext ctx) {
        JsonNode config = d.config();
        if (config != null && config.isTextual()) {
            try {
                config = config.textValue().isBlank() ? Json.object() : Yaml.read(config.textValue());
            } catch (DocumentException e) {
                return HookResponse.failure(
                        "json-file hook: config of " + d.name() + " is not JSON or YAML: " + e.getMessage());
            }
        }
        if (config == null || config.isNull()) config = Json.object();
        if (!config.isObject()) {
            return HookResponse.failure(
                    "json-file hook: config of " + d.name() + " must map absolute paths to JSON documents");
        }
        Map<Path, JsonNode> files = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = config.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String problem = checkPath(key);
            if (problem != null) {
                problems.add(key + ": " + problem);
                continue;
            }
            Path path = Path.of(key);
            if (path.startsWith(settings.kollaConfigDir()) && key.endsWith(".json")) {
                KollaConfigValidator.validate(e.getValue()).forEach(p -> problems.add(key + ": " + p));
            }
            files.put(path, e.getValue());
        }
        if (!problems.isEmpty()) {
            return HookResponse.of(
                    "",
                    "json-file hook: nothing written, " + problems.size() + " problem(s):\n"
                            + String.join("\n", problems) + "\n",
                    1);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Path, JsonNode> f : files.entrySet()) {
            try {
                byte[] bytes = (Json.writePretty(f.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
                Path target = f.getKey();
                NoFollowWriter.Outcome done =
                        NoFollowWriter.write(target, bytes, AtomicFiles.FILE_0600, AtomicFiles.DIR_0755);
                out.append(done == NoFollowWriter.Outcome.WROTE ? "wrote " : "unchanged ")
                        .append(target)
                        .append('\n');
            } catch (NoFollowWriter.RefusedPath e) {
                return HookResponse.of(
                        out.toString(), "json-file hook: refused " + f.getKey() + ": " + e.getMessage() + "\n", 1);
            } catch (IOException | RuntimeException e) {
                return HookResponse.of(
                        out.toString(), "json-file hook: cannot write " + f.getKey() + ": " + e + "\n", 1);
            }
        }
        return HookResponse.of(out.toString(), "", 0);
    }

    /** Null when {@code key} may be written, else why not. */
    public String checkPath(String key) {
        if (key.isEmpty() || key.indexOf('\0') >= 0) return "not a path";
        if (!key.startsWith("/")) return "relative paths are refused, give an absolute path";
        if (key.endsWith("/")) return "names a directory, not a file";
        Path path;
        try {
            path = Path.of(key);
        } catch (InvalidPathException e) {
            return "not a path: " + e.getMessage();
        }
        for (Path part : path) {
            String s = part.toString();
            if (s.equals("..") || s.equals(".")) return "'.' and '..' segments are refused";
        }
        for (Path no : settings.forbidden()) {
            if (path.startsWith(no)) return "is Hearth's own (" + no + "), never written by json-file";
        }
        boolean below = settings.allowedRoots().stream().anyMatch(r -> path.startsWith(r) && !path.equals(r));
        if (!below) return "outside the allowed roots " + settings.allowedRoots() + " (json_file.roots in agent.yaml)";
        return NoFollowWriter.check(path);
    }
}
