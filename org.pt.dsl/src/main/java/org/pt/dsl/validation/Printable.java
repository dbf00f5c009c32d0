package org.pt.dsl.validation;

/**
 * Text of a message made safe to print: a character that would act on a terminal or reorder what is shown (C0 and C1
 * controls, DEL, bidirectional overrides and isolates, a byte order mark, other format characters, line and paragraph
 * separators) is written as a Java escape, {@code \u001b}; a line feed stays (a message's lines are joined where it is
 * shown). Every diagnostic's message goes through here ({@link PtResourceValidator}), so a NUL or an ESC quoted from a
 * file ({@code unexpected '\u0000'}, a string in an import) is seen, not obeyed.
 */
public final class Printable {

    private Printable() {
    }

    /** {@code text} with every such character escaped; {@code text} itself when it has none (or is null). */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !escaped(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escaped(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean escaped(char c) {
        if (c == '\n') {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
