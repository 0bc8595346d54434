package dev.hearth.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets where they leave Hearth (logs, error messages, markers, status answers): values of
 * inputs and options named like a secret, and the signatures of pre-signed URLs. An instance knows
 * the secret values of one deployment (or of the agent's config); the name and URL rules are fixed.
 */
public final class Secrets {
    public static final String MASK = "*****";

    private static final Pattern URL_SIGNATURE =
            Pattern.compile("(?i)((?:Signature|temp_url_sig|X-Amz-Signature|sig)=)([^&\\s\"']+)");
    private static final Pattern TOKEN_HEADER = Pattern.compile(
            "(?i)((?:X-Auth-Token|X-Subject-Token|Authorization)\\s*[:=]\\s*(?:Bearer\\s+)?)([^\\s,\"']+)");

    private final List<String> values;

    private Secrets(Set<String> values) {
        // Longest first, so that a secret containing another is masked whole.
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.values = List.copyOf(sorted);
    }

    public static Secrets none() {
        return new Secrets(Set.of());
    }

    public static Secrets of(String... values) {
        Set<String> set = new LinkedHashSet<>();
        for (String v : values) addValue(set, v);
        return new Secrets(set);
    }

    /** True for names that carry credentials: {@code deploy_password}, anything with password, secret or token. */
    public static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password")
                || n.contains("secret")
                || n.contains("token")
                || n.equals("deploy_signal_id")
                || n.equals("metadata_url")
                || n.equals("metadata_put_url");
    }

    /** Every string in {@code values} (inside lists and maps too) as a secret value. */
    public static Secrets ofValues(Collection<JsonNode> values) {
        Set<String> set = new LinkedHashSet<>();
        for (JsonNode v : values) collect(set, v, false);
        return new Secrets(set);
    }

    /**
     * The signatures of the pre-signed URLs in {@code urls}. A URL itself is not secret; its
     * signature is, also in a URL-encoded copy that the signature pattern alone would miss.
     */
    public static Secrets ofUrlSignatures(Collection<JsonNode> urls) {
        Set<String> set = new LinkedHashSet<>();
        for (JsonNode u : urls) collect(set, u, true);
        return new Secrets(set);
    }

    public Secrets and(Secrets other) {
        Set<String> set = new LinkedHashSet<>(values);
        set.addAll(other.values);
        return new Secrets(set);
    }

    public Secrets and(String value) {
        Set<String> set = new LinkedHashSet<>(values);
        addValue(set, value);
        return new Secrets(set);
    }

    /** The text with every known secret value, URL signature and token header masked. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String v : values) {
            if (out.contains(v)) out = out.replace(v, MASK);
        }
        return maskPatterns(out);
    }

    /** Masking by pattern alone, for text whose secrets are not known (e.g. a URL in an exception). */
    public static String maskPatterns(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = URL_SIGNATURE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        return TOKEN_HEADER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /** A deep copy of {@code node} with secret-named fields masked and every string masked. */
    public JsonNode mask(JsonNode node) {
        if (node == null) return null;
        if (node.isTextual()) return TextNode.valueOf(mask(node.textValue()));
        if (node.isObject()) {
            ObjectNode copy = Json.object();
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            boolean isInput =
                    node.has("name") && node.has("value") && node.get("name").isTextual();
            boolean secretInput = isInput && isSecretName(node.get("name").textValue());
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if ((isSecretName(e.getKey())
                                && !e.getValue().isContainerNode()
                                && !e.getValue().isNull())
                        || (secretInput
                                && e.getKey().equals("value")
                                && !e.getValue().isNull())) {
                    copy.put(e.getKey(), MASK);
                } else {
                    copy.set(e.getKey(), mask(e.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = Json.nodes().arrayNode();
            node.forEach(n -> copy.add(mask(n)));
            return copy;
        }
        return node;
    }

    private static void collect(Set<String> set, JsonNode value, boolean signedUrl) {
        if (value == null || value.isNull()) return;
        if (value.isContainerNode()) {
            value.forEach(v -> collect(set, v, signedUrl));
            return;
        }
        String text = value.asText();
        if (signedUrl) {
            // The URL itself is not secret; its signature is (masked by pattern). Keep the whole
            // URL too so that a URL-encoded copy of the signature is not missed.
            Matcher m = URL_SIGNATURE.matcher(text);
            while (m.find()) addValue(set, m.group(2));
            return;
        }
        addValue(set, text);
    }

    private static void addValue(Set<String> set, String v) {
        // Very short values ("0", "no") would mask unrelated text everywhere.
        if (v != null && v.length() >= 4) set.add(v);
    }
}
