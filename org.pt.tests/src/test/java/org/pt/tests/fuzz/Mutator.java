package org.pt.tests.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutations of spec text for the mutation and fuzz tests: over the text's tokens (grammar-aware: keywords swapped,
 * tokens dropped or duplicated, numbers replaced by boundary values, names replaced, braces nested, pieces of another
 * spec spliced in) and over its UTF-8 bytes (bits flipped, bytes inserted and deleted, line ends, NUL and byte order
 * marks inserted). Every choice comes from the {@link Random} given, so a seed reproduces a mutant.
 */
public final class Mutator {

    /** A token of the text: words (keywords and names, with '-' inside), numbers, '..=', '<=', one other character. */
    public static final Pattern TOKEN = Pattern.compile("0[xXoObB][0-9a-fA-F_]*|[0-9][0-9_]*|[A-Za-z_][\\w-]*"
            + "|\"[^\"\\n]*\"|\\.\\.=|<=|[^\\s]");

    /** Tokens inserted or substituted: keywords, punctuation, numbers, names, a bare prefix. */
    public static final List<String> POOL = List.of("machine", "layout", "space", "generate", "map", "remap", "unmap",
            "protect", "walk", "reach", "report", "tables", "via", "recursive", "window", "size", "to", "identity",
            "pages", "<=", "..=", "{", "}", "+", "-", "*", "/", ",", ".", "0x1000", "4", "KiB", "rw", "kernel", "ram",
            "format", "features", "x86_64", "\"s\"", "0x", "0b", "for", "uses", "share", "half", "with", "expect",
            "fault", "from", "top-level", "slot", "at", "physical", "into", "all", "compact", "$", "walkk", "fromat");

    /**
     * Numbers at and beyond the edges: 0, 1, 2^32 + 48 (a count that truncates to 48 in 32 bits), 2^63 - 1, 2^63,
     * 2^64 - 1 (in hex and decimal), 2^64, far beyond, and sizes of a PiB and 16 EiB.
     */
    static final List<String> BOUNDARY_NUMBERS = List.of("0", "0x0", "1", "4294967344", "0x7fff_ffff_ffff_ffff",
            "0x8000_0000_0000_0000", "9223372036854775808", "0xffff_ffff_ffff_ffff", "18446744073709551615",
            "18446744073709551616", "0x1_0000_0000_0000_0000", "99999999999999999999999999999999999999", "1 PiB",
            "16 EiB", "0xffff_ffff_ffff_f000", "0b" + "1".repeat(64), "0o1777777777777777777777");

    /** Names put where a name stands: a keyword, one of the library's, a long one, odd letters. */
    static final List<String> NAMES = List.of("machine", "std", "pc", "kernel", "self_map", "x", "_", "a-b",
            "n".repeat(300), "\u00e9t\u00e9", "std.pc_x86_64", "format", "ram", "walk");

    /** Characters that break lines or files: lone CR, CRLF, LF, NUL, a byte order mark, ESC, DEL, a tab. */
    static final List<String> SEPARATORS = List.of("\r", "\r\n", "\n", "\0", "\uFEFF", "\u001b", "\u007f", "\t", "\r\r");

    private final Random random;
    private final List<String> corpus;

    /** A mutator drawing from {@code random}, splicing pieces of the {@code corpus} texts. */
    public Mutator(Random random, List<String> corpus) {
        this.random = random;
        this.corpus = corpus;
    }

    /** The tokens of {@code text} outside {@code //} comments, as {start, end} offsets. */
    public static List<int[]> tokens(String text) {
        List<int[]> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (!inComment(text, m.start())) {
                tokens.add(new int[] {m.start(), m.end()});
            }
        }
        return tokens;
    }

    private static boolean inComment(String text, int at) {
        int lineStart = text.lastIndexOf('\n', at) + 1;
        return text.substring(lineStart, Math.min(text.length(), at + 2)).contains("//"); // the marker is no token
    }

    /** One to four mutations of {@code text}, token-level or byte-level, as UTF-8 bytes (not always valid UTF-8). */
    public Mutant mutate(String text) {
        int count = 1 + random.nextInt(random.nextInt(4) + 1);
        List<String> done = new ArrayList<>();
        boolean bytes = random.nextInt(4) == 0;
        String current = text;
        for (int i = 0; i < count && !bytes; i++) {
            String before = current;
            current = mutateTokens(current, done);
            if (current.equals(before) && tokens(current).isEmpty()) {
                bytes = true; // nothing to work on: bytes then
            }
        }
        byte[] out = current.getBytes(StandardCharsets.UTF_8);
        if (bytes) {
            for (int i = 0; i < count; i++) {
                out = mutateBytes(out, done);
            }
        }
        return new Mutant(out, List.copyOf(done));
    }

    private String mutateTokens(String text, List<String> done) {
        List<int[]> tokens = tokens(text);
        if (tokens.isEmpty()) {
            return text;
        }
        int at = random.nextInt(tokens.size());
        int[] t = tokens.get(at);
        String token = text.substring(t[0], t[1]);
        String before = text.substring(0, t[0]);
        String after = text.substring(t[1]);
        switch (random.nextInt(11)) {
            case 0 -> {
                done.add("drop '" + token + "'");
                return before + after;
            }
            case 1 -> {
                done.add("duplicate '" + token + "'");
                return before + token + " " + token + after;
            }
            case 2 -> {
                String pick = pick(POOL);
                done.add("replace '" + token + "' with '" + pick + "'");
                return before + pick + after;
            }
            case 3 -> {
                String pick = pick(POOL);
                done.add("insert '" + pick + "'");
                return before + pick + " " + token + after;
            }
            case 4 -> { // two tokens swap places
                int[] u = tokens.get(random.nextInt(tokens.size()));
                if (u[0] == t[0]) {
                    return text;
                }
                int[] first = u[0] < t[0] ? u : t;
                int[] second = u[0] < t[0] ? t : u;
                done.add("swap '" + text.substring(first[0], first[1]) + "' and '" + text.substring(second[0], second[1]) + "'");
                return text.substring(0, first[0]) + text.substring(second[0], second[1])
                        + text.substring(first[1], second[0]) + text.substring(first[0], first[1]) + text.substring(second[1]);
            }
            case 5 -> { // a number, preferably, becomes a boundary value
                int[] n = numberToken(text, tokens);
                String pick = pick(BOUNDARY_NUMBERS);
                done.add("number '" + text.substring(n[0], n[1]) + "' -> " + pick);
                return text.substring(0, n[0]) + pick + text.substring(n[1]);
            }
            case 6 -> { // a word becomes another name
                String pick = random.nextBoolean() ? pick(NAMES) : wordOf(text, tokens);
                done.add("name '" + token + "' -> '" + (pick.length() > 20 ? pick.substring(0, 20) + "…" : pick) + "'");
                return before + pick + after;
            }
            case 7 -> { // braces nested around a stretch, shallow or deep
                int[] u = tokens.get(random.nextInt(tokens.size()));
                int from = Math.min(t[0], u[0]);
                int to = Math.max(t[1], u[1]);
                int depth = random.nextInt(5) == 0 ? 500 + random.nextInt(3000) : 1 + random.nextInt(8);
                done.add("nest " + depth + " braces");
                return text.substring(0, from) + "{ ".repeat(depth) + text.substring(from, to) + " }".repeat(depth)
                        + text.substring(to);
            }
            case 8 -> { // a stretch of another spec spliced in
                String other = pick(corpus);
                List<int[]> otherTokens = tokens(other);
                if (otherTokens.isEmpty()) {
                    return text;
                }
                int a = random.nextInt(otherTokens.size());
                int b = Math.min(otherTokens.size() - 1, a + random.nextInt(40));
                String piece = other.substring(otherTokens.get(a)[0], otherTokens.get(b)[1]);
                done.add("splice " + (b - a + 1) + " tokens");
                return before + piece + " " + token + after;
            }
            case 9 -> { // a few tokens repeated, now and then hundreds of times: deep nesting ('bootstrap window w ...')
                int last = Math.min(tokens.size() - 1, at + random.nextInt(4));
                int times = random.nextInt(10) == 0 ? 300 + random.nextInt(1700) : 2 + random.nextInt(20);
                String stretch = text.substring(t[0], tokens.get(last)[1]);
                done.add("repeat '" + stretch + "' " + times + " times");
                return before + (stretch + " ").repeat(times) + text.substring(tokens.get(last)[1]);
            }
            default -> { // a line repeated
                int lineStart = text.lastIndexOf('\n', t[0]) + 1;
                int lineEnd = text.indexOf('\n', t[0]);
                lineEnd = lineEnd < 0 ? text.length() : lineEnd + 1;
                int times = 2 + random.nextInt(random.nextInt(10) == 0 ? 200 : 5);
                String line = text.substring(lineStart, lineEnd);
                done.add("repeat line " + times + " times");
                return text.substring(0, lineStart) + (line.endsWith("\n") ? line : line + "\n").repeat(times)
                        + text.substring(lineEnd);
            }
        }
    }

    private byte[] mutateBytes(byte[] bytes, List<String> done) {
        int at = random.nextInt(bytes.length + 1);
        switch (random.nextInt(7)) {
            case 0 -> {
                if (bytes.length == 0) {
                    return bytes;
                }
                byte[] out = bytes.clone();
                int i = Math.min(at, bytes.length - 1);
                out[i] ^= (byte) (1 << random.nextInt(8));
                done.add("flip a bit at byte " + i);
                return out;
            }
            case 1 -> {
                byte b = (byte) random.nextInt(256);
                done.add(String.format("insert byte 0x%02x at %d", b & 0xff, at));
                return splice(bytes, at, at, new byte[] {b});
            }
            case 2 -> {
                int end = Math.min(bytes.length, at + 1 + random.nextInt(random.nextBoolean() ? 4 : 64));
                done.add("delete bytes " + at + ".." + end);
                return splice(bytes, at, end, new byte[0]);
            }
            case 3 -> {
                byte[] other = pick(corpus).getBytes(StandardCharsets.UTF_8);
                int from = random.nextInt(other.length + 1);
                int to = Math.min(other.length, from + random.nextInt(200));
                done.add("splice " + (to - from) + " bytes of another spec at " + at);
                return splice(bytes, at, at, java.util.Arrays.copyOfRange(other, from, to));
            }
            case 4 -> {
                String s = pick(SEPARATORS);
                done.add("insert " + escape(s) + " at " + at);
                return splice(bytes, at, at, s.getBytes(StandardCharsets.UTF_8));
            }
            case 5 -> { // every line end of the file made another kind: old-Mac CR, Windows CRLF
                String end = random.nextBoolean() ? "\r" : "\r\n";
                done.add("line ends " + escape(end));
                return new String(bytes, StandardCharsets.UTF_8).replace("\n", end).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                done.add("truncate at " + at);
                return java.util.Arrays.copyOf(bytes, at);
            }
        }
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        byte[] out = new byte[bytes.length - (to - from) + insert.length];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(bytes, to, out, from + insert.length, bytes.length - to);
        return out;
    }

    private int[] numberToken(String text, List<int[]> tokens) {
        List<int[]> numbers = tokens.stream().filter(t -> Character.isDigit(text.charAt(t[0]))).toList();
        return numbers.isEmpty() ? tokens.get(random.nextInt(tokens.size())) : numbers.get(random.nextInt(numbers.size()));
    }

    private String wordOf(String text, List<int[]> tokens) {
        List<int[]> words = tokens.stream().filter(t -> Character.isLetter(text.charAt(t[0]))).toList();
        if (words.isEmpty()) {
            return pick(NAMES);
        }
        int[] w = words.get(random.nextInt(words.size()));
        return text.substring(w[0], w[1]);
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** {@code s} with its control characters as Java escapes, for a description. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(Character.isISOControl(c) || c == '\uFEFF' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** A mutated spec: its bytes and what was done to the seed, in order. */
    public record Mutant(byte[] bytes, List<String> steps) {
    }
}
