package dev.hearth.jsonfile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a kolla {@code config.json} document (docs/containers.md#kolla-config-files)
 * before it is written, so that a broken one fails the deployment instead of the container's start.
 *
 * <p>Rules: the document is an object; {@code command} is a non-empty string (kolla requires it);
 * {@code config_files}, if present, is a list of objects each with non-empty {@code source} and an
 * absolute {@code dest}, booleans {@code merge}, {@code preserve_properties}, {@code optional}, and
 * {@code owner} ({@code user[:group]}) plus {@code perm} (octal text such as {@code "0600"}) unless
 * {@code preserve_properties} is true; {@code permissions}, if present, is a list of objects with
 * {@code path} and {@code owner}, optional {@code perm}, boolean {@code recurse} and {@code optional}.
 * Keys kolla does not know are allowed (later kolla versions added sections).
 */
public final class KollaConfigValidator {
    private static final Pattern OWNER = Pattern.compile("[^:\\s]+(:[^:\\s]+)?");
    private static final Pattern PERM = Pattern.compile("(0o?)?[0-7]{3,4}");

    private KollaConfigValidator() {}

    /** The problems found, each prefixed with its location; empty when the document is valid. */
    public static List<String> validate(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        if (doc == null || !doc.isObject()) {
            problems.add("$: a kolla config must be a JSON object");
            return problems;
        }
        JsonNode command = doc.get("command");
        if (command == null || !command.isTextual() || command.textValue().isBlank()) {
            problems.add("$.command: is required and must be a non-empty string");
        }
        JsonNode files = doc.get("config_files");
        if (files != null && !files.isNull()) {
            if (!files.isArray()) {
                problems.add("$.config_files: must be a list");
            } else {
                for (int i = 0; i < files.size(); i++) configFile(files.get(i), "$.config_files[" + i + "]", problems);
            }
        }
        JsonNode perms = doc.get("permissions");
        if (perms != null && !perms.isNull()) {
            if (!perms.isArray()) {
                problems.add("$.permissions: must be a list");
            } else {
                for (int i = 0; i < perms.size(); i++) permission(perms.get(i), "$.permissions[" + i + "]", problems);
            }
        }
        return problems;
    }

    private static void configFile(JsonNode f, String at, List<String> problems) {
        if (!f.isObject()) {
            problems.add(at + ": must be an object");
            return;
        }
        requireText(f, "source", at, problems);
        if (requireText(f, "dest", at, problems) && !f.get("dest").textValue().startsWith("/")) {
            problems.add(at + ".dest: must be an absolute path");
        }
        for (String b : List.of("merge", "preserve_properties", "optional")) bool(f, b, at, problems);
        boolean preserve = f.path("preserve_properties").asBoolean(false);
        owner(f, at, !preserve, problems);
        perm(f, at, !preserve, problems);
    }

    private static void permission(JsonNode p, String at, List<String> problems) {
        if (!p.isObject()) {
            problems.add(at + ": must be an object");
            return;
        }
        requireText(p, "path", at, problems);
        owner(p, at, true, problems);
        perm(p, at, false, problems);
        bool(p, "recurse", at, problems);
        bool(p, "optional", at, problems);
    }

    private static boolean requireText(JsonNode node, String key, String at, List<String> problems) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            problems.add(at + "." + key + ": is required and must be a non-empty string");
            return false;
        }
        return true;
    }

    private static void bool(JsonNode node, String key, String at, List<String> problems) {
        JsonNode v = node.get(key);
        if (v != null && !v.isNull() && !v.isBoolean()) problems.add(at + "." + key + ": must be true or false");
    }

    private static void owner(JsonNode node, String at, boolean required, List<String> problems) {
        JsonNode v = node.get("owner");
        if (v == null || v.isNull()) {
            if (required) problems.add(at + ".owner: is required (user or user:group)");
        } else if (!v.isTextual() || !OWNER.matcher(v.textValue()).matches()) {
            problems.add(at + ".owner: must be user or user:group");
        }
    }

    private static void perm(JsonNode node, String at, boolean required, List<String> problems) {
        JsonNode v = node.get("perm");
        if (v == null || v.isNull()) {
            if (required) problems.add(at + ".perm: is required unless preserve_properties is true");
        } else if (!v.isTextual() || !PERM.matcher(v.textValue()).matches()) {
            problems.add(at + ".perm: must be an octal mode as text, such as \"0600\"");
        }
    }
}
