package dev.hearth.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.hook.HookResponse;
import dev.hearth.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keeps a signal payload under a size limit (heat-config-notify's {@code MAX_RESPONSE_SIZE} = 950000
 * bytes, below heat-api's 1 MiB body limit): when the serialized payload is larger, the beginning of
 * {@code deploy_stdout} and {@code deploy_stderr} is cut, the excess shared between them in proportion
 * to their sizes, so that the end of the output (where errors are) survives. Should they not be
 * enough, the largest other text values are cut the same way. Works on any size (docs/heat-protocol.md#transports).
 */
public final class PayloadTrimmer {
    public static final int MAX_RESPONSE_SIZE = 950_000;
    private static final List<String> OUTPUT_KEYS = List.of(HookResponse.STDOUT, HookResponse.STDERR);

    private final int maxBytes;

    public PayloadTrimmer(int maxBytes) {
        if (maxBytes < 64) throw new IllegalArgumentException("maxBytes too small: " + maxBytes);
        this.maxBytes = maxBytes;
    }

    public PayloadTrimmer() {
        this(MAX_RESPONSE_SIZE);
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Size of the serialized node in UTF-8 bytes. */
    public static int size(JsonNode node) {
        return Json.write(node).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The payload itself when small enough, else a trimmed copy. */
    public ObjectNode trim(ObjectNode payload) {
        int total = size(payload);
        if (total <= maxBytes) return payload;
        ObjectNode copy = payload.deepCopy();
        total = cut(copy, OUTPUT_KEYS, total);
        for (int round = 0; round < 8 && total > maxBytes; round++) {
            List<String> others = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = copy.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && !e.getValue().textValue().isEmpty()) others.add(e.getKey());
            }
            if (others.isEmpty()) break;
            others.sort(Comparator.comparingInt(
                            (String k) -> copy.get(k).textValue().length())
                    .reversed());
            total = cut(copy, others.subList(0, 1), total);
        }
        return copy;
    }

    /** Cuts the excess from the start of the given text fields in proportion to their sizes; returns the new size. */
    private int cut(ObjectNode node, List<String> keys, int total) {
        for (int round = 0; round < 4 && total > maxBytes; round++) {
            long excess = (long) total - maxBytes;
            long sum = 0;
            List<String> present = new ArrayList<>();
            for (String k : keys) {
                JsonNode v = node.get(k);
                if (v != null && v.isTextual() && !v.textValue().isEmpty()) {
                    present.add(k);
                    sum += cost(v.textValue(), 0, v.textValue().length());
                }
            }
            if (present.isEmpty()) return total;
            for (String k : present) {
                String v = node.get(k).textValue();
                long share = (long) Math.ceil((double) excess * cost(v, 0, v.length()) / sum) + 1;
                node.put(k, dropPrefix(v, share));
            }
            total = size(node);
        }
        return total;
    }

    /** The text without its first characters worth at least {@code bytes} serialized bytes (never splitting a pair). */
    static String dropPrefix(String s, long bytes) {
        int i = 0;
        long removed = 0;
        while (i < s.length() && removed < bytes) {
            int cp = s.codePointAt(i);
            removed += cost(cp);
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    private static long cost(String s, int from, int to) {
        long c = 0;
        for (int i = from; i < to; ) {
            int cp = s.codePointAt(i);
            c += cost(cp);
            i += Character.charCount(cp);
        }
        return c;
    }

    /** Bytes one code point takes in Jackson's JSON output (escapes, UTF-8). */
    private static int cost(int cp) {
        if (cp == '"' || cp == '\\' || cp == '\n' || cp == '\r' || cp == '\t' || cp == '\b' || cp == '\f') return 2;
        if (cp < 0x20) return 6;
        if (cp < 0x80) return 1;
        if (cp < 0x800) return 2;
        if (cp < 0x10000) return 3;
        return 4;
    }
}
