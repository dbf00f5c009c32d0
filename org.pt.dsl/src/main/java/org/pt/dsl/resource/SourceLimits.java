package org.pt.dsl.resource;

/**
 * The limits on a source file, each a diagnostic (see {@code docs/limits.md}): PT reads files of at most
 * {@link #MAX_SIZE} bytes (characters, for an editor's text), and reports at most {@link #MAX_SYNTAX_ERRORS} syntax
 * errors of one file (then one error saying how many more there are).
 */
public final class SourceLimits {

    /** The largest file PT reads: 4 MiB, in bytes on disk, in UTF-16 characters in an editor. */
    public static final int MAX_SIZE = 4 * 1024 * 1024;

    /** The syntax errors of one file that are reported one by one. */
    public static final int MAX_SYNTAX_ERRORS = 100;

    private SourceLimits() {
    }

    /** Whether a file of {@code size} bytes or characters is beyond {@link #MAX_SIZE}. */
    public static boolean tooLarge(long size) {
        return size > MAX_SIZE;
    }

    /** How a file of {@code size} {@code units} ("bytes", "characters") is beyond the limit. */
    public static String beyondLimit(long size, String units) {
        return size + " " + units + ", more than the " + MAX_SIZE + " (4 MiB) PT reads";
    }

    /** The error on a file of {@code size} {@code units} that is not read. */
    public static String tooLargeMessage(long size, String units) {
        return "the file is too large: " + beyondLimit(size, units) + "; it is not checked";
    }

    /** What is said after the first {@link #MAX_SYNTAX_ERRORS} syntax errors of a file, of {@code more} more. */
    public static String moreSyntaxErrorsMessage(int more) {
        return "… and " + more + " more syntax error" + (more == 1 ? "" : "s") + " (only the first "
                + MAX_SYNTAX_ERRORS + " of a file are reported)";
    }

    /**
     * The text with every lone carriage return (an old-Mac line end) made a line feed: the same length, so every offset
     * stays, and every line end is one Xtext and the language server count (CRLF and LF already are). The text itself
     * when it has no lone CR.
     */
    public static String lineFeedsForLoneCarriageReturns(String text) {
        int at = loneCarriageReturn(text, 0);
        if (at < 0) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (; at >= 0; at = loneCarriageReturn(text, at + 1)) {
            chars[at] = '\n';
        }
        return new String(chars);
    }

    private static int loneCarriageReturn(String text, int from) {
        for (int at = text.indexOf('\r', from); at >= 0; at = text.indexOf('\r', at + 1)) {
            if (at + 1 == text.length() || text.charAt(at + 1) != '\n') {
                return at;
            }
        }
        return -1;
    }
}
