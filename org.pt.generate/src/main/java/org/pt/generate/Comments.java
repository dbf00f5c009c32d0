package org.pt.generate;

/**
 * Text from a spec (names, labels, file names) placed inside a generated comment: it can never end the comment, start
 * a new line of code or a preprocessor directive, or carry a control character.
 */
public final class Comments {

    private Comments() {
    }

    /**
     * {@code text} safe inside a C block comment, a C or assembler line comment: control characters (line ends
     * included) become spaces, {@code *}{@code /} and {@code /}{@code *} lose their slash, a backslash becomes {@code |}, and characters outside
     * printable ASCII become {@code ?} (assemblers read their input as bytes).
     */
    public static String safe(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                sb.append(' ');
            } else if (c > 0x7E) {
                sb.append('?');
            } else if (c == '/' && (i + 1 < text.length() && text.charAt(i + 1) == '*'
                    || i > 0 && text.charAt(i - 1) == '*')) {
                sb.append('|');
            } else if (c == '\\') {
                sb.append('|'); // a backslash before a line end would continue a C line comment onto the next line
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
