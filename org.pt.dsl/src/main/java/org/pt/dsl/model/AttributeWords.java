package org.pt.dsl.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.pt.dsl.pt.Attribute;
import org.pt.dsl.pt.PtPackage;
import org.pt.dsl.scoping.Suggestions;
import org.pt.dsl.validation.IssueCodes;
import org.pt.engine.format.CacheType;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Shareability;

/**
 * The attribute words of a {@code map} or {@code protect} statement: what each word sets, and the engine
 * {@link Attributes} a list of them makes. No rights word means {@code r}; privilege {@code kernel}, not global,
 * {@code wb}, inner shareable, accessed and dirty unless written. An unknown word, two words that contradict each other
 * (one group, different values; {@code nx} with {@code x}) and a word written twice are reported on the word.
 */
final class AttributeWords {
    private static final PtPackage PT = PtPackage.eINSTANCE;

    /** What an attribute word sets; words of one group contradict each other. */
    sealed interface Word {
        /** Access rights: any of r, w, x, each at most once ({@code rw}, {@code rx}, {@code rwx}). */
        record Rights(boolean read, boolean write, boolean execute) implements Word {
        }

        /** {@code user} or {@code kernel}. */
        record Privilege(boolean user) implements Word {
        }

        /** {@code global}. */
        record Global() implements Word {
        }

        /** {@code nx}: asserts the mapping is not executable. */
        record NoExecute() implements Word {
        }

        /** {@code wb}, {@code wt}, {@code uc}, {@code wc}, {@code device}. */
        record Cache(CacheType type) implements Word {
        }

        /** {@code inner_shareable}, {@code outer_shareable}, {@code non_shareable}. */
        record Share(Shareability shareability) implements Word {
        }

        /** {@code not_accessed}: written with the accessed (and dirty) flag clear. */
        record NotAccessed() implements Word {
        }

        /** {@code not_dirty}: a writable page written with its dirty flag clear. */
        record NotDirty() implements Word {
        }

        /** The words of one group contradict each other; the reason why. */
        default String group() {
            return switch (this) {
                case Rights r -> "a mapping has one set of access rights";
                case Privilege p -> "a mapping is either user or kernel";
                case Cache c -> "a mapping has one cache type";
                case Share s -> "a mapping has one shareability";
                case Global g -> "global";
                case NoExecute n -> "nx";
                case NotAccessed n -> "not_accessed";
                case NotDirty n -> "not_dirty";
            };
        }

        /** What the word sets, in one line (completion and hover show it). */
        default String meaning() {
            return switch (this) {
                case Rights r -> "access rights: " + (r.read() ? "read" : "no read") + ", "
                        + (r.write() ? "write" : "no write") + ", " + (r.execute() ? "execute" : "no execute");
                case Privilege p -> p.user() ? "privilege: user (and kernel) may access"
                        : "privilege: kernel only (the default)";
                case Global g -> "global: the TLB entry survives an address-space switch";
                case NoExecute n -> "nx: asserts the mapping is not executable";
                case Cache c -> "cache type: " + c.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                case Share s -> "shareability: " + s.shareability().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' ');
                case NotAccessed n -> "not_accessed: written with the accessed (and dirty) flag clear";
                case NotDirty n -> "not_dirty: a writable page written with its dirty flag clear";
            };
        }
    }

    /** Kernel read-only, not global, write-back, inner shareable, accessed and dirty: a mapping with no word. */
    static final Attributes DEFAULT = new Attributes(true, false, false, false, false, CacheType.WRITE_BACK,
            Shareability.INNER, true, true);

    /**
     * The attributes of a mapping without and with {@code word}, everything else the default; for a word that is a
     * default ({@code r}, {@code kernel}, {@code wb}, {@code inner_shareable}), from the mapping that differs most
     * plainly from it ({@code rw}, {@code user}, {@code uc}, {@code non_shareable}). {@code nx} is {@code r} against
     * {@code rx}; {@code not_dirty} is written on {@code rw}.
     */
    static Optional<Vocabulary.Effect> effect(String word) {
        return resolve(word).value().map(w -> switch (w) {
            case Word.Rights r -> new Vocabulary.Effect(r.equals(new Word.Rights(true, false, false))
                    ? DEFAULT.withRights(true, true, false) : DEFAULT,
                    DEFAULT.withRights(r.read(), r.write(), r.execute()));
            case Word.Privilege p -> new Vocabulary.Effect(DEFAULT.withUser(!p.user()), DEFAULT.withUser(p.user()));
            case Word.Global g -> new Vocabulary.Effect(DEFAULT, DEFAULT.withGlobal(true));
            case Word.NoExecute n -> new Vocabulary.Effect(DEFAULT.withRights(true, false, true), DEFAULT);
            case Word.Cache c -> new Vocabulary.Effect(DEFAULT.withCache(c.type() == CacheType.WRITE_BACK
                    ? CacheType.UNCACHED : CacheType.WRITE_BACK), DEFAULT.withCache(c.type()));
            case Word.Share s -> new Vocabulary.Effect(DEFAULT.withShareability(s.shareability() == Shareability.INNER
                    ? Shareability.NON_SHAREABLE : Shareability.INNER), DEFAULT.withShareability(s.shareability()));
            case Word.NotAccessed n -> new Vocabulary.Effect(DEFAULT, DEFAULT.withAccessed(false).withDirty(false));
            case Word.NotDirty n -> new Vocabulary.Effect(DEFAULT.withRights(true, true, false),
                    DEFAULT.withRights(true, true, false).withDirty(false));
        });
    }

    /** Every fixed attribute word, in the order the diagnostic lists them. */
    static final List<String> WORDS = List.of("user", "kernel", "global", "nx", "wb", "wt", "uc", "wc", "device",
            "inner_shareable", "outer_shareable", "non_shareable", "not_accessed", "not_dirty");

    private static final List<String> RIGHTS = List.of("r", "w", "x", "rw", "rx", "wx", "rwx");

    /** Every attribute word (rights first, then {@link #WORDS}) and what it sets, in that order. */
    static Map<String, String> meanings() {
        Map<String, String> out = new LinkedHashMap<>();
        Stream.concat(RIGHTS.stream(), WORDS.stream())
                .forEach(w -> out.put(w, resolve(w).value().orElseThrow().meaning()));
        return Collections.unmodifiableMap(out);
    }

    private final Problems problems;

    AttributeWords(Problems problems) {
        this.problems = problems;
    }

    /** What {@code word} sets, or why it is not an attribute. */
    static Vocabulary.Resolved<Word> resolve(String word) {
        Optional<Word> w = fixedWord(word).or(() -> rights(word));
        if (w.isPresent()) {
            return Vocabulary.Resolved.of(w.get());
        }
        List<String> candidates = new ArrayList<>(RIGHTS);
        candidates.addAll(WORDS);
        Optional<String> hint = Suggestions.closest(word, candidates);
        String text = "unknown attribute '" + word + "'" + hint.map(s -> "; did you mean '" + s + "'?").orElse("")
                + " (attributes: r, w, x and combinations such as rw or rx, " + String.join(", ", WORDS) + ")";
        return new Vocabulary.Resolved<>(Optional.empty(), text, hint);
    }

    /** The attributes {@code words} make; empty when one of them is reported as an error. */
    Optional<Attributes> attributes(List<Attribute> words) {
        boolean ok = true;
        Map<String, Attribute> byGroup = new HashMap<>();
        Map<String, Attribute> byWord = new HashMap<>();
        Word.Rights rights = new Word.Rights(true, false, false);
        Attribute rightsWord = null;
        boolean user = false;
        boolean global = false;
        boolean nx = false;
        CacheType cache = CacheType.WRITE_BACK;
        Shareability share = Shareability.INNER;
        boolean accessed = true;
        boolean dirty = true;
        for (Attribute a : words) {
            String word = a.getName() == null ? "" : a.getName();
            Vocabulary.Resolved<Word> res = resolve(word);
            Located at = Located.at(a, PT.getAttribute_Name());
            if (res.value().isEmpty()) {
                problems.error(at, IssueCodes.UNKNOWN_ATTRIBUTE, res.message(), res.data());
                ok = false;
                continue;
            }
            Word v = res.value().get();
            if (byWord.containsKey(word)) {
                problems.warning(at, IssueCodes.DUPLICATE_ATTRIBUTE, "'" + word + "' is written twice");
                continue;
            }
            byWord.put(word, a);
            Attribute earlier = byGroup.putIfAbsent(v.group(), a);
            if (earlier != null) {
                problems.error(at, IssueCodes.ATTRIBUTE_CONFLICT, "'" + word + "' contradicts '" + earlier.getName()
                        + "': " + v.group(), "conflictsWith=" + earlier.getName());
                ok = false;
                continue;
            }
            switch (v) {
                case Word.Rights r -> {
                    rights = r;
                    rightsWord = a;
                }
                case Word.Privilege p -> user = p.user();
                case Word.Global g -> global = true;
                case Word.NoExecute n -> nx = true;
                case Word.Cache c -> cache = c.type();
                case Word.Share s -> share = s.shareability();
                case Word.NotAccessed n -> {
                    accessed = false;
                    dirty = false;
                }
                case Word.NotDirty n -> dirty = false;
            }
        }
        if (nx && rights.execute()) {
            Attribute nxWord = byWord.get("nx");
            boolean nxLater = words.indexOf(nxWord) > words.indexOf(rightsWord);
            Attribute later = nxLater ? nxWord : rightsWord;
            Attribute earlier = nxLater ? rightsWord : nxWord;
            problems.error(Located.at(later, PT.getAttribute_Name()), IssueCodes.ATTRIBUTE_CONFLICT, "'"
                    + later.getName() + "' contradicts '" + earlier.getName() + "': nx means not executable",
                    "conflictsWith=" + earlier.getName());
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new Attributes(rights.read(), rights.write(), rights.execute(), user, global, cache, share,
                accessed, dirty));
    }

    private static Optional<Word> fixedWord(String word) {
        return switch (word) {
            case "user" -> Optional.of(new Word.Privilege(true));
            case "kernel" -> Optional.of(new Word.Privilege(false));
            case "global" -> Optional.of(new Word.Global());
            case "nx" -> Optional.of(new Word.NoExecute());
            case "inner_shareable" -> Optional.of(new Word.Share(Shareability.INNER));
            case "outer_shareable" -> Optional.of(new Word.Share(Shareability.OUTER));
            case "non_shareable" -> Optional.of(new Word.Share(Shareability.NON_SHAREABLE));
            case "not_accessed" -> Optional.of(new Word.NotAccessed());
            case "not_dirty" -> Optional.of(new Word.NotDirty());
            default -> CacheType.byKeyword(word).map(Word.Cache::new);
        };
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
}
