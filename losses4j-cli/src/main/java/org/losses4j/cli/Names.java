package org.losses4j.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.losses4j.nn.LossSpec;
import org.losses4j.nn.Losses;

/** Unknown names (losses, keywords) with the closest known ones offered: "did you mean CrossEntropyLoss?". */
final class Names {
    private Names() {}

    /** An unknown loss name, as bad input, with the closest declared names. */
    static Main.BadInput unknownLoss(String name) {
        String hint = suggestion(name, Losses.NAMES, true);
        return new Main.BadInput("unknown loss '" + name + "'" + (hint == null ? "" : "; did you mean " + hint + "?")
                + " (run 'losses4j list' for the names)");
    }

    /**
     * Fails on a keyword the loss does not declare, with PyTorch's message and the closest keywords or argument
     * names after it. {@code args} are the names that would have been tensor arguments (empty where none are taken
     * by name).
     */
    static void requireDeclared(LossSpec spec, Collection<String> keywords, Collection<String> args) {
        List<String> known = new ArrayList<>();
        for (LossSpec.Option o : spec.options()) known.add(o.name());
        for (String k : keywords) {
            if (known.contains(k)) continue;
            List<String> all = new ArrayList<>(known);
            all.addAll(args);
            String hint = suggestion(k, all, false);
            throw new Main.BadInput(spec.name() + ".__init__() got an unexpected keyword argument '" + k + "'"
                    + (hint == null ? "" : "; did you mean --" + hint.replace(" or ", " or --").replace(", ", ", --") + "?"));
        }
    }

    /**
     * The candidates closest to {@code word} (case-insensitive optimal string alignment distance; with
     * {@code lossNames}, a name without its "Loss" suffix counts too), when close enough to be a slip: at most 2
     * edits, or a third of the word's length. Null when none is; "A", "A or B", "A, B or C" otherwise.
     */
    static String suggestion(String word, Collection<String> candidates, boolean lossNames) {
        String w = word.toLowerCase(Locale.ROOT);
        int best = Integer.MAX_VALUE;
        List<String> found = new ArrayList<>();
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = distance(w, lc);
            if (lossNames && lc.endsWith("loss")) d = Math.min(d, distance(w, lc.substring(0, lc.length() - 4)));
            if (d < best) {
                best = d;
                found.clear();
            }
            if (d == best && !found.contains(c)) found.add(c);
        }
        if (found.isEmpty() || best > Math.max(2, w.length() / 3) || found.size() > 3) return null;
        if (found.size() == 1) return found.get(0);
        return String.join(", ", found.subList(0, found.size() - 1)) + " or " + found.get(found.size() - 1);
    }

    /** Edits (insert, delete, substitute, swap two neighbours) that turn a into b. */
    static int distance(String a, String b) {
        int n = a.length(), m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }
}
