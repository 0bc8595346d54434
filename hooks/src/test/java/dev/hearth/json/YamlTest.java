package dev.hearth.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class YamlTest {
    private static final String SECRET = "Hunter2-s3cr3t-Plant";

    @Test
    void anAliasIsTheAnchoredValueNotItsName() {
        JsonNode n = Yaml.read("""
                passwords:
                  db: &pw %s
                config_settings:
                  kv::replica_password: *pw
                """.formatted(SECRET));
        assertThat(n.at("/config_settings/kv::replica_password").textValue()).isEqualTo(SECRET);
    }

    @Test
    void aliasesOfCollectionsAreCopiesThatCanBeChangedAlone() {
        JsonNode n = Yaml.read("""
                a: &env [A=1, B=2]
                b: *env
                """);
        assertThat(n.get("b").toString()).isEqualTo("[\"A=1\",\"B=2\"]");
        ((com.fasterxml.jackson.databind.node.ArrayNode) n.get("b")).add("C=3");
        assertThat(n.get("a")).hasSize(2);
    }

    @Test
    void mergeKeysMergeAndOwnKeysWin() {
        JsonNode n = Yaml.read("""
                defaults: &defaults
                  image: busybox
                  restart: always
                  net: host
                more: &more
                  restart: never
                  user: root
                kv:
                  <<: *defaults
                  restart: unless-stopped
                web:
                  <<: [*more, *defaults]
                """);
        assertThat(n.get("kv").toString())
                .isEqualTo("{\"image\":\"busybox\",\"restart\":\"unless-stopped\",\"net\":\"host\"}");
        assertThat(n.get("kv").has("<<")).isFalse();
        // The earlier of the merged mappings wins.
        assertThat(n.at("/web/restart").textValue()).isEqualTo("never");
        assertThat(n.at("/web/user").textValue()).isEqualTo("root");
        assertThat(n.at("/web/image").textValue()).isEqualTo("busybox");
    }

    @Test
    void aQuotedMergeKeyIsAnOrdinaryKey() {
        assertThat(Yaml.read("'<<': x").get("<<").textValue()).isEqualTo("x");
    }

    @Test
    void aMergeOfAScalarIsRefused() {
        assertThatThrownBy(() -> Yaml.read("a: &x 1\nb:\n  <<: *x\n"))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("merge key");
    }

    @Test
    void anUndefinedAliasIsRefusedNamingIt() {
        assertThatThrownBy(() -> Yaml.read("a: 1\nb: *nowhere\n"))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("line 2, column 4")
                .hasMessageContaining("nowhere");
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder doc = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            doc.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++)
                doc.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            doc.append("]\n");
        }
        assertThatThrownBy(() -> Yaml.read(doc.toString()))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("line ");
    }

    @Test
    void fewAliasesThatDoubleEachLevelAreRefusedByTheExpansionBudget() {
        // 2 aliases a level stays under SnakeYAML's alias count but doubles every level: 2^40 values.
        StringBuilder doc = new StringBuilder("d0: &d0 [x, x]\n");
        for (int i = 1; i <= 40; i++)
            doc.append("d")
                    .append(i)
                    .append(": &d")
                    .append(i)
                    .append(" [*d")
                    .append(i - 1)
                    .append(", *d")
                    .append(i - 1)
                    .append("]\n");
        assertThatThrownBy(() -> Yaml.read(doc.toString()))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("expands the document beyond")
                .hasMessageMatching("line \\d+, column \\d+.*\\*d\\d+.*");
    }

    @Test
    void aCollectionContainingItsOwnAliasIsRefused() {
        assertThatThrownBy(() -> Yaml.read("a: &a [1, *a]\n"))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("*a");
    }

    @Test
    void deepNestingIsRefused() {
        assertThatThrownBy(() -> Yaml.read("[".repeat(5000) + "]".repeat(5000)))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void duplicateKeysLastWinsOrRefusedWhenUnique() {
        assertThat(Yaml.read("a: 1\na: 2\n").get("a").intValue()).isEqualTo(2);
        assertThatThrownBy(() -> Yaml.read("a: 1\nb: 0\na: 2\n", Yaml.Keys.UNIQUE))
                .isInstanceOf(DocumentException.class)
                .hasMessageContaining("line 3, column 1")
                .hasMessageContaining("'a'");
        // A merged key overridden by the mapping's own is not a repetition.
        assertThat(Yaml.read("d: &d {a: 1}\nx:\n  <<: *d\n  a: 2\n", Yaml.Keys.UNIQUE)
                        .at("/x/a")
                        .intValue())
                .isEqualTo(2);
    }

    @Test
    void scalarsAreTypedAsBefore() {
        JsonNode n = Yaml.read("""
                t: yes
                f: off
                y: y
                n: ~
                e:
                o: 0644
                h: 0x1F
                b: 0b101
                u: 1_000
                d: 1.5
                x: 1e3
                inf: .inf
                port: 8080:80
                nine: 09
                s: '12'
                i: !!int "12"
                big: 123456789012345678901234567890
                long: 12345678901
                date: 2001-12-14
                """);
        assertThat(n.get("t").booleanValue()).isTrue();
        assertThat(n.get("f").isBoolean()).isTrue();
        assertThat(n.get("y").textValue()).isEqualTo("y");
        assertThat(n.get("n").isNull()).isTrue();
        assertThat(n.get("e").isNull()).isTrue();
        assertThat(n.get("o").intValue()).isEqualTo(420);
        assertThat(n.get("h").intValue()).isEqualTo(31);
        assertThat(n.get("b").intValue()).isEqualTo(5);
        assertThat(n.get("u").intValue()).isEqualTo(1000);
        assertThat(n.get("d").doubleValue()).isEqualTo(1.5);
        assertThat(n.get("x").doubleValue()).isEqualTo(1000.0);
        assertThat(n.get("inf").doubleValue()).isInfinite();
        assertThat(n.get("port").textValue()).isEqualTo("8080:80");
        assertThat(n.get("nine").textValue()).isEqualTo("09");
        assertThat(n.get("s").textValue()).isEqualTo("12");
        assertThat(n.get("i").intValue()).isEqualTo(12);
        assertThat(n.get("big").bigIntegerValue()).hasToString("123456789012345678901234567890");
        assertThat(n.get("long").longValue()).isEqualTo(12345678901L);
        assertThat(n.get("date").textValue()).isEqualTo("2001-12-14");
    }

    @Test
    void anUnsupportedVersionIsNamed() {
        assertThatThrownBy(() -> Yaml.read("%YAML 9.9\n--- " + SECRET + "\n"))
                .isInstanceOf(DocumentException.class)
                .hasMessage("unsupported %YAML version (1.x is read)");
    }

    @Test
    void emptyDocumentIsNull() {
        assertThat(Yaml.read("").isNull()).isTrue();
        assertThat(Yaml.read("# only a comment\n").isNull()).isTrue();
    }

    @Test
    void syntaxErrorsNameLineAndColumnButNeverTheContent() {
        String[] broken = {
            "env:\n  MYSQL_ROOT_PASSWORD: \"" + SECRET + "\n",
            "a: b\n c: " + SECRET + ": x\n",
            "a: [" + SECRET + ", \n",
            "a: {b: " + SECRET + "\n",
            "- " + SECRET + "\nkey: " + SECRET + "\n",
            "a: " + SECRET + "\n\tb: " + SECRET + "\n",
            "a: !!int " + SECRET + "\n",
            "a: !!bool " + SECRET + "\n",
            "a: '" + SECRET + "\n",
            "a: |\n" + SECRET + "\n b",
            "a: &" + SECRET + " x\nb: *" + SECRET.toLowerCase(Locale.ROOT) + "\n",
            "--- " + SECRET + "\n--- " + SECRET + "\n",
            "a: \"\\q" + SECRET + "\"\n",
        };
        for (String doc : broken) {
            assertThatThrownBy(() -> Yaml.read(doc))
                    .as(doc)
                    .isInstanceOf(DocumentException.class)
                    .hasMessageMatching("(?s)line \\d+, column \\d+.*")
                    .satisfies(e -> {
                        assertThat(e.getMessage())
                                .doesNotContain(SECRET)
                                .doesNotContain("Hunter2")
                                .doesNotContain("\n");
                        assertThat(e.getCause().getMessage()).doesNotContain(SECRET);
                        assertThat(e.getCause().getCause()).isNull();
                    });
        }
    }
}
