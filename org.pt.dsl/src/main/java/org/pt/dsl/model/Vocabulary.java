package org.pt.dsl.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pt.dsl.scoping.Suggestions;
import org.pt.engine.core.SizeUnit;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Feature;
import org.pt.engine.format.Formats;
import org.pt.engine.format.PatPreset;
import org.pt.engine.model.Purpose;

/**
 * The words a spec uses that are not grammar keywords, resolved by the engine's enums: units, formats, features,
 * purposes and PAT presets (attributes: {@link AttributeWords}). An unknown word gets a message listing the words there
 * are and, when one is close ({@link Suggestions}), "did you mean".
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

        /** The quick-fix data of an unknown word: {@code suggestion=WORD} when one is close. */
        String[] data() {
            return suggestion.map(s -> new String[] {"suggestion=" + s}).orElse(new String[0]);
        }
    }

    // ---- units -------------------------------------------------------------------------------------------------

    public static final List<String> UNITS = Arrays.stream(SizeUnit.values()).map(SizeUnit::name).toList();

    public static Resolved<SizeUnit> unit(String word) {
        Optional<SizeUnit> u = SizeUnit.byName(word);
        if (u.isPresent()) {
            return Resolved.of(u.get());
        }
        return Resolved.unknown("unit", word, UNITS, Suggestions.closest(word, UNITS), "units");
    }

    // ---- formats -----------------------------------------------------------------------------------------------

    public static Resolved<String> format(String word) {
        List<String> names = Formats.names();
        if (names.contains(word)) {
            return Resolved.of(word);
        }
        return Resolved.unknown("format", word, names, Suggestions.closest(word, names), "formats");
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
        return Resolved.unknown("feature", word, FEATURES, Suggestions.closest(word, FEATURES), "features");
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
        return Resolved.unknown("purpose", word, PURPOSES, Suggestions.closest(word, PURPOSES), "purposes");
    }

    // ---- attributes (resolved by AttributeWords) ---------------------------------------------------------------

    /** The fixed attribute words ({@code user}, {@code nx}, {@code wb}, ...); rights are r, w, x and their combinations. */
    public static final List<String> ATTRIBUTE_WORDS = AttributeWords.WORDS;

    /** Whether {@code word} is an attribute a mapping may carry. */
    public static boolean isAttribute(String word) {
        return AttributeWords.resolve(word).value().isPresent();
    }

    /** Every attribute word a mapping accepts, with what it sets ({@link AttributeWords}, the one list of them). */
    public static Map<String, String> attributes() {
        return AttributeWords.meanings();
    }

    /** A mapping's attributes without and with one attribute word, everything else the default. */
    public record Effect(Attributes without, Attributes with) {
    }

    /** What {@code word} changes in a mapping ({@link AttributeWords#effect}); empty when it is no attribute. */
    public static Optional<Effect> attributeEffect(String word) {
        return AttributeWords.effect(word);
    }

    // ---- PAT presets -------------------------------------------------------------------------------------------

    public static final List<String> PAT_PRESETS = Arrays.stream(PatPreset.values()).map(PatPreset::keyword).toList();

    public static Resolved<PatPreset> pat(String word) {
        Optional<PatPreset> p = PatPreset.byKeyword(word);
        if (p.isPresent()) {
            return Resolved.of(p.get());
        }
        return Resolved.unknown("PAT preset", word, PAT_PRESETS, Suggestions.closest(word, PAT_PRESETS), "presets");
    }
}
