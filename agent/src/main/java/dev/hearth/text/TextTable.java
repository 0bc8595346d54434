package dev.hearth.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one table printer of the command line: columns as wide as their widest cell (header
 * included), two spaces apart, the last column unpadded. Cells are text; a row can be highlighted
 * (e.g. failures in red on a terminal) without the escape codes counting toward widths. Control
 * characters in cells are escaped ({@link ControlCharacters}).
 */
public final class TextTable {
    public static final String RED = "\u001b[31m";
    public static final String RESET = "\u001b[0m";

    private final String[] header;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();
    private final List<Boolean> highlighted = new ArrayList<>();

    public TextTable(String... header) {
        this.header = header.clone();
        this.right = new boolean[header.length];
    }

    /** Aligns a column's cells to the right (numbers, durations). */
    public TextTable alignRight(int column) {
        right[column] = true;
        return this;
    }

    public TextTable row(String... cells) {
        return row(false, cells);
    }

    public TextTable row(boolean highlight, String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + header.length + " columns");
        }
        // Cells come from documents and the Engine: escaped, so a CR or LF in a name cannot forge a row.
        rows.add(Arrays.stream(cells)
                .map(c -> c == null || c.isEmpty() ? "-" : ControlCharacters.escape(c))
                .toArray(String[]::new));
        highlighted.add(highlight);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, one line per row after the header; highlighted rows in red when {@code colour}. */
    public String render(boolean colour) {
        int[] width = new int[header.length];
        for (String[] row : withHeader()) {
            for (int i = 0; i < row.length; i++)
                width[i] = Math.max(width[i], row[i].codePointCount(0, row[i].length()));
        }
        StringBuilder out = new StringBuilder();
        out.append(line(header, width, right)).append('\n');
        for (int n = 0; n < rows.size(); n++) {
            String line = line(rows.get(n), width, right);
            out.append(colour && highlighted.get(n) ? RED + line + RESET : line).append('\n');
        }
        return out.toString();
    }

    public String render() {
        return render(false);
    }

    private List<String[]> withHeader() {
        List<String[]> all = new ArrayList<>(rows);
        all.add(header);
        return all;
    }

    private static String line(String[] cells, int[] width, boolean[] right) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append("  ");
            String pad = " ".repeat(width[i] - cells[i].codePointCount(0, cells[i].length()));
            if (right[i]) b.append(pad).append(cells[i]);
            else b.append(cells[i]).append(i < cells.length - 1 ? pad : "");
        }
        return b.toString().stripTrailing();
    }

    /** Cuts {@code s} to {@code max} characters, marking the cut with an ellipsis. */
    public static String truncate(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) return s;
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
