package org.pt.generate;

import java.util.Locale;
import java.util.Set;

/**
 * Names from a spec made into C and assembler identifiers: every character outside {@code [A-Za-z0-9_]} becomes
 * {@code _}, the prefix goes in front (so that no name is a C keyword, a register or starts with a digit), and the
 * result is checked against what C, GNU as and NASM reserve.
 */
public final class Identifiers {

    private Identifiers() {
    }

    /** C keywords (C11 and C23) and the NASM/GNU as words an identifier must not be, lower case. */
    private static final Set<String> RESERVED = Set.of("auto", "break", "case", "char", "const", "continue", "default",
            "do", "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
            "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union",
            "unsigned", "void", "volatile", "while", "_alignas", "_alignof", "_atomic", "_bool", "_complex", "_generic",
            "_imaginary", "_noreturn", "_static_assert", "_thread_local", "alignas", "alignof", "bool", "constexpr",
            "false", "nullptr", "static_assert", "thread_local", "true", "typeof", "typeof_unqual", "section", "global", "bits", "align", "times", "db", "dw",
            "dd", "dq", "rel", "abs", "seg", "wrt", "strict");

    /** {@code prefix + name} with every character outside {@code [A-Za-z0-9_]} replaced by {@code _}. */
    public static String of(String prefix, String name) {
        StringBuilder sb = new StringBuilder(prefix.length() + name.length());
        String all = prefix + name;
        for (int i = 0; i < all.length(); i++) {
            char c = all.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
        }
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        String id = sb.toString();
        if (RESERVED.contains(id.toLowerCase(Locale.ROOT))) {
            id = id + "_";
        }
        return id;
    }

    /** {@link #of} in upper case, for macros and assembler constants. */
    public static String constant(String prefix, String name) {
        return of(prefix, name).toUpperCase(Locale.ROOT);
    }
}
