package dev.hearth.role;

import java.util.SortedSet;
import java.util.TreeSet;

/** {@code --steps}: {@code 1-5}, {@code 3}, {@code 1,3-4}; every step within 1..5. */
public final class StepRange {
    private StepRange() {}

    // A trailing comma ("1,3,") is accepted, as it always was: String.split drops the empty part.
    @SuppressWarnings("StringSplitter")
    public static SortedSet<Integer> parse(String text) {
        SortedSet<Integer> steps = new TreeSet<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to =
                        dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from > to || from < RoleDocument.FIRST_STEP || to > RoleDocument.LAST_STEP)
                    throw new NumberFormatException();
                for (int i = from; i <= to; i++) steps.add(i);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--steps " + text + ": expected steps within 1-5 such as 1-5, 3 or 1,3-4");
            }
        }
        return steps;
    }
}
