package org.pt.dsl.ui.tests;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The diagnostic a broken example announces in its first line, {@code // expect: CODE at LINE:COLUMN: MESSAGE}
 * (1-based line and column), written by hand with the example.
 */
record Expectation(String code, int line, int column, String message) {

    private static final Pattern HEADER = Pattern.compile("// expect: (\\S+) at (\\d+):(\\d+): (.*)");

    static Expectation of(String text) {
        Matcher matcher = HEADER.matcher(text.lines().findFirst().orElse(""));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("no '// expect:' header in the first line");
        }
        return new Expectation(matcher.group(1), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)), matcher.group(4));
    }

    /** The character offset of the expected position in {@code text}. */
    int offsetIn(String text) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return offset + column - 1;
    }
}
