package dev.hearth.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * How a plain scalar is typed: the YAML 1.1 rules PyYAML applies (the documents Hearth reads were
 * written for heat-agents, paunch and TripleO, which read them with PyYAML), which are also what
 * Hearth read before: {@code yes/no/on/off/true/false} in their three spellings are booleans,
 * {@code ~}, {@code null} and the empty scalar are null, integers may be binary ({@code 0b}),
 * octal (leading {@code 0}), hex ({@code 0x}) with {@code _} separators, floats include
 * {@code .inf} and {@code .nan}. Unlike PyYAML, base-60 numbers stay strings ({@code 8080:80} is a
 * port mapping, not 484880), as YAML 1.2 has it. Quoted scalars are always strings; an explicit tag
 * ({@code !!int "12"}) is honoured, and a value that does not fit its tag is refused.
 */
final class Yaml11Scalars implements Schema, ScalarResolver {
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> TRUE = Set.of("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF");
    private static final Pattern INT = Pattern.compile("[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|0|[1-9][0-9_]*)");
    private static final Pattern FLOAT =
            Pattern.compile("[-+]?(?:[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
                    + "|[0-9][0-9_]*[eE][-+]?[0-9]+)|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");

    @Override
    public ScalarResolver getScalarResolver() {
        return this;
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
        return Map.of();
    }

    @Override
    public Tag resolve(String value, Boolean implicit) {
        if (!implicit) return Tag.STR;
        if (NULLS.contains(value)) return Tag.NULL;
        if (TRUE.contains(value) || FALSE.contains(value)) return Tag.BOOL;
        if (INT.matcher(value).matches()) return Tag.INT;
        if (FLOAT.matcher(value).matches()) return Tag.FLOAT;
        return Tag.STR;
    }

    /** The node's value by its (resolved or explicit) tag; other tags keep the text. */
    static JsonNode value(ScalarNode node) {
        String v = node.getValue();
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) return NullNode.getInstance();
        if (Tag.BOOL.equals(tag)) {
            if (TRUE.contains(v)) return BooleanNode.TRUE;
            if (FALSE.contains(v)) return BooleanNode.FALSE;
            throw new IllegalArgumentException("tagged !!bool but not a boolean");
        }
        if (Tag.INT.equals(tag)) return integer(v.strip());
        if (Tag.FLOAT.equals(tag)) return floating(v.strip());
        return TextNode.valueOf(v);
    }

    private static JsonNode integer(String v) {
        if (!INT.matcher(v).matches()) throw new IllegalArgumentException("tagged !!int but not an integer");
        String s = v.replace("_", "");
        boolean negative = s.startsWith("-");
        if (s.startsWith("-") || s.startsWith("+")) s = s.substring(1);
        BigInteger n;
        if (s.startsWith("0b")) n = new BigInteger(s.substring(2), 2);
        else if (s.startsWith("0x")) n = new BigInteger(s.substring(2), 16);
        else if (s.length() > 1 && s.startsWith("0")) n = new BigInteger(s.substring(1), 8);
        else n = new BigInteger(s);
        if (negative) n = n.negate();
        if (n.bitLength() < 32) return JsonNodeFactory.instance.numberNode(n.intValue());
        if (n.bitLength() < 64) return JsonNodeFactory.instance.numberNode(n.longValue());
        return JsonNodeFactory.instance.numberNode(n);
    }

    private static JsonNode floating(String v) {
        if (!FLOAT.matcher(v).matches() && !INT.matcher(v).matches()) {
            throw new IllegalArgumentException("tagged !!float but not a number");
        }
        String s = v.replace("_", "");
        String lower = s.toLowerCase(Locale.ROOT);
        double d;
        if (lower.endsWith(".inf")) d = lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        else if (lower.equals(".nan")) d = Double.NaN;
        else if (INT.matcher(v).matches()) d = integer(v).doubleValue();
        else d = Double.parseDouble(s);
        return JsonNodeFactory.instance.numberNode(d);
    }
}
