package org.pt.engine.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@code generate} directive: which spaces' tables to emit, in which form, where the tables will lie in the target's
 * memory, and into which file (relative to the spec; the front end checks the path).
 *
 * @param index position among the spec's outputs (findings refer to it)
 * @param at    {@code at physical ADDRESS}: move the image there; empty to keep the simulated addresses
 */
public record Output(int index, Kind kind, List<String> spaces, OptionalLong at, Optional<String> file) {
    public Output {
        spaces = List.copyOf(spaces);
    }

    /** The forms PT emits, by the word a spec writes. */
    public enum Kind {
        C("c"), GAS("gas"), NASM("nasm"), BINARY("binary"), LINKER("linker"), JSON("json");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** The kind a spec names {@code word}, or empty. */
        public static Optional<Kind> of(String word) {
            for (Kind k : values()) {
                if (k.word.equals(word)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }

        /** Every word, in declaration order. */
        public static List<String> words() {
            return java.util.Arrays.stream(values()).map(Kind::word).toList();
        }
    }
}
