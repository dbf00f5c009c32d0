package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Formats;
import org.pt.engine.format.Shareability;
import org.pt.engine.format.X86Format;
import org.pt.engine.model.Purpose;

/**
 * The words a spec uses that are not grammar keywords, resolved by the engine's enums: units, formats, features,
 * purposes, attributes and PAT presets. An unknown word gets a message listing the words there are and, when one is
 * close (same letters in another case, or one or two edits away), "did you mean".
 */
public final class Vocabulary {
    private Vocabulary() {
    }

    /** A resolved word, or the message explaining why it is not one and the closest word (may be empty). */
    public record Resolved<T>(Optional<T> value, String message, Optional<String> suggestion) {
        static <T> Resolved<T> of(T value) {
            return new Resolved<>(Optional.of(value), "", Optional.empty());
        }

        static <T> Resolved<T> unknown(String what, String word, Collection<String> words, Optional<String> suggestion,
                String listName) {
            String text = "unknown " + what + " '" + word + "'"
                    + suggestion.map(s -> "; did you mean '" + s + "'?").orElse("")
                    + " (" + listName + ": " + String.join(", ", words) + ")";
            return new Resolved<>(Optional.empty(), text, suggestion);
        }
    }

    // ---- units -------------------------------------------------------------------------------------------------

    public static final List<String> UNITS = Arrays.stream(SizeUnit.values()).map(SizeUnit::name).toList();

    public static Resolved<SizeUnit> unit(String word) {
        Optional<SizeUnit> u = SizeUnit.byName(word);
        if (u.isPresent()) {
            return Resolved.of(u.get());
        }
        Optional<String> hint = SizeUnit.suggestion(word).map(SizeUnit::name).or(() -> closest(word, UNITS));
        return Resolved.unknown("unit", word, UNITS, hint, "units");
    }

    // ---- formats -----------------------------------------------------------------------------------------------

    public static Resolved<String> format(String word) {
        List<String> names = Formats.names();
        if (names.contains(word)) {
            return Resolved.of(word);
        }
        return Resolved.unknown("format", word, names, closest(word, names), "formats");
    }

    // ---- features ----------------------------------------------------------------------------------------------

    public static final List<String> FEATURES = Arrays.stream(Feature.values()).map(Vocabulary::word).toList();

    /** The word of a feature as written in a spec: {@code page_1g}. */
    public static String word(Feature f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    public static Resolved<Feature> feature(String word) {
        for (Feature f : Feature.values()) {
            if (word(f).equals(word)) {
                return Resolved.of(f);
            }
        }
        return Resolved.unknown("feature", word, FEATURES, closest(word, FEATURES), "features");
    }

    // ---- purposes ----------------------------------------------------------------------------------------------

    public static final List<String> PURPOSES = Arrays.stream(Purpose.values()).map(Purpose::keyword).toList();

    public static Optional<Purpose> purposeOf(String word) {
        for (Purpose p : Purpose.values()) {
            if (p.keyword().equals(word)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Resolved<Purpose> purpose(String word) {
        Optional<Purpose> p = purposeOf(word);
        if (p.isPresent()) {
            return Resolved.of(p.get());
        }
        return Resolved.unknown("purpose", word, PURPOSES, closest(word, PURPOSES), "purposes");
    }

    // ---- PAT presets -------------------------------------------------------------------------------------------

    public static final List<String> PAT_PRESETS = List.of("linux", "power-on");

    public static Resolved<List<X86Format.PatType>> pat(String word) {
        if (word.equals("linux")) {
            return Resolved.of(X86Format.LINUX_PAT);
        }
        if (word.equals("power-on")) {
            return Resolved.of(X86Format.POWER_ON_PAT);
        }
        return Resolved.unknown("PAT preset", word, PAT_PRESETS, closest(word, PAT_PRESETS), "presets");
    }

    // ---- attributes --------------------------------------------------------------------------------------------

    /** What an attribute word sets. */
    public sealed interface Word {
        /** Which words contradict each other: words of one group but different values. */
        String group();

        /** Access rights: any of r, w, x, each at most once ({@code rw}, {@code rx}, {@code rwx}). */
        record Rights(boolean read, boolean write, boolean execute) implements Word {
            @Override
            public String group() {
                return "rights";
            }
        }

        /** {@code user} or {@code kernel}. */
        record Privilege(boolean user) implements Word {
            @Override
            public String group() {
                return "privilege";
            }
        }

        /** {@code global}. */
        record Global() implements Word {
            @Override
            public String group() {
                return "global";
            }
        }

        /** {@code nx}: asserts the mapping is not executable. */
        record NoExecute() implements Word {
            @Override
            public String group() {
                return "nx";
            }
        }

        /** {@code wb}, {@code wt}, {@code uc}, {@code wc}, {@code device}. */
        record Cache(CacheType type) implements Word {
            @Override
            public String group() {
                return "cache";
            }
        }

        /** {@code inner_shareable}, {@code outer_shareable}, {@code non_shareable}. */
        record Share(Shareability shareability) implements Word {
            @Override
            public String group() {
                return "shareability";
            }
        }

        /** {@code not_accessed}: written with the accessed (and dirty) flag clear. */
        record NotAccessed() implements Word {
            @Override
            public String group() {
                return "not_accessed";
            }
        }

        /** {@code not_dirty}: a writable page written with its dirty flag clear. */
        record NotDirty() implements Word {
            @Override
            public String group() {
                return "not_dirty";
            }
        }
    }

    /** Every fixed attribute word, in the order the diagnostic lists them. */
    public static final List<String> ATTRIBUTE_WORDS = List.of("user", "kernel", "global", "nx", "wb", "wt", "uc", "wc",
            "device", "inner_shareable", "outer_shareable", "non_shareable", "not_accessed", "not_dirty");

    private static final List<String> RIGHTS = List.of("r", "w", "x", "rw", "rx", "wx", "rwx");

    public static Resolved<Word> attribute(String word) {
        Optional<Word> w = fixedWord(word).or(() -> rights(word));
        if (w.isPresent()) {
            return Resolved.of(w.get());
        }
        List<String> candidates = new ArrayList<>(RIGHTS);
        candidates.addAll(ATTRIBUTE_WORDS);
        String text = "unknown attribute '" + word + "'";
        Optional<String> hint = closest(word, candidates);
        text += hint.map(s -> "; did you mean '" + s + "'?").orElse("");
        text += " (attributes: r, w, x and combinations such as rw or rx, " + String.join(", ", ATTRIBUTE_WORDS) + ")";
        return new Resolved<>(Optional.empty(), text, hint);
    }

    private static Optional<Word> fixedWord(String word) {
        switch (word) {
            case "user":
                return Optional.of(new Word.Privilege(true));
            case "kernel":
                return Optional.of(new Word.Privilege(false));
            case "global":
                return Optional.of(new Word.Global());
            case "nx":
                return Optional.of(new Word.NoExecute());
            case "inner_shareable":
                return Optional.of(new Word.Share(Shareability.INNER));
            case "outer_shareable":
                return Optional.of(new Word.Share(Shareability.OUTER));
            case "non_shareable":
                return Optional.of(new Word.Share(Shareability.NON_SHAREABLE));
            case "not_accessed":
                return Optional.of(new Word.NotAccessed());
            case "not_dirty":
                return Optional.of(new Word.NotDirty());
            default:
                return CacheType.byKeyword(word).map(Word.Cache::new);
        }
    }

    private static Optional<Word> rights(String word) {
        if (word.isEmpty() || word.length() > 3) {
            return Optional.empty();
        }
        boolean r = false;
        boolean w = false;
        boolean x = false;
        for (char c : word.toCharArray()) {
            if (c == 'r' && !r) {
                r = true;
            } else if (c == 'w' && !w) {
                w = true;
            } else if (c == 'x' && !x) {
                x = true;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Word.Rights(r, w, x));
    }

    // ---- suggestions -------------------------------------------------------------------------------------------

    /**
     * The candidate equal to {@code word} ignoring case, else the nearest by edit distance when it is at most 1 for
     * short words (up to 4 letters) and 2 otherwise; ties go to a candidate with the same first letter ({@code KB}:
     * {@code KiB}, not {@code B}), then to the earlier one.
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        for (String c : candidates) {
            if (c.equalsIgnoreCase(word)) {
                return Optional.of(c);
            }
        }
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean bestSameStart = false;
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = distance(lower, lc);
            boolean sameStart = !lower.isEmpty() && !lc.isEmpty() && lower.charAt(0) == lc.charAt(0);
            if (d < bestDistance || (d == bestDistance && sameStart && !bestSameStart)) {
                best = c;
                bestDistance = d;
                bestSameStart = sameStart;
            }
        }
        int limit = word.length() <= 4 ? 1 : 2;
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
