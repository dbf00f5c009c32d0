package org.pt.tests.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pt.dsl.model.Vocabulary;
import org.pt.engine.format.Formats;

/**
 * editors/textmate/pt.tmLanguage.json: valid JSON whose every regular expression compiles, word lists equal to the
 * language's (grammar keywords, units, attributes, purposes, formats), and exact scopes for a few lines tokenized by
 * {@link TinyTextMate}, a small matcher for the subset of TextMate the grammar uses.
 */
class TextMateGrammarTest {

    private static final Path GRAMMAR = Path.of("../editors/textmate/pt.tmLanguage.json");
    private static final String WORDS_START = "(?<![\\w-])(?:";
    private static final String WORDS_END = ")(?![\\w-])";

    private static JsonObject grammar() throws Exception {
        return JsonParser.parseString(Files.readString(GRAMMAR)).getAsJsonObject();
    }

    private static JsonObject rule(JsonObject grammar, String name) {
        return grammar.getAsJsonObject("repository").getAsJsonObject(name);
    }

    @Test
    void isJsonForSourcePtlAndEveryRegexCompiles() throws Exception {
        JsonObject g = grammar();
        assertEquals("source.ptl", g.get("scopeName").getAsString());
        List<String> regexes = new ArrayList<>();
        collectRegexes(g, regexes);
        assertTrue(regexes.size() >= 12, regexes::toString);
        for (String regex : regexes) {
            Pattern.compile(regex); // throws PatternSyntaxException, failing the test
        }
    }

    @Test
    void aBrokenRegexIsFound() {
        JsonObject g = JsonParser.parseString("{\"patterns\":[{\"match\":\"(?:a|b\"}]}").getAsJsonObject();
        List<String> regexes = new ArrayList<>();
        collectRegexes(g, regexes);
        assertEquals(List.of("(?:a|b"), regexes);
        assertFalse(compiles(regexes.get(0)));
    }

    @Test
    void wordListsAreTheLanguages() throws Exception {
        JsonObject g = grammar();
        Set<String> keywords = Keywords.letterKeywords();
        assertEquals(keywords, new TreeSet<>(words(rule(g, "keywords").get("match").getAsString())));
        assertEquals(new TreeSet<>(Vocabulary.UNITS), new TreeSet<>(words(rule(g, "sizes").get("match").getAsString())));
        assertEquals(new TreeSet<>(Vocabulary.PURPOSES),
                new TreeSet<>(words(rule(g, "purposes").get("match").getAsString())));
        assertEquals(new TreeSet<>(Formats.names()), new TreeSet<>(words(rule(g, "format").get("match").getAsString())));

        List<String> attributes = new ArrayList<>(words(rule(g, "attributes").get("match").getAsString()));
        assertTrue(attributes.remove("[rwx]{1,3}"), attributes::toString);
        assertEquals(new TreeSet<>(Vocabulary.ATTRIBUTE_WORDS), new TreeSet<>(attributes));
        Pattern rights = Pattern.compile("[rwx]{1,3}");
        for (String a : List.of("r", "w", "x")) {
            for (String b : List.of("", "r", "w", "x")) {
                for (String c : List.of("", "r", "w", "x")) {
                    String word = a + b + c;
                    if (Vocabulary.isAttribute(word)) {
                        assertTrue(rights.matcher(word).matches(), word);
                    }
                }
            }
        }
    }

    @Test
    void linesGetExactScopes() throws Exception {
        TinyTextMate tm = new TinyTextMate(grammar());
        assertEquals(List.of("map=keyword.control.ptl", "0x000b_8000=constant.numeric.address.ptl",
                "size=keyword.control.ptl", "4=constant.numeric.size.ptl", "KiB=keyword.other.unit.ptl",
                "identity=keyword.control.ptl", "rw=storage.modifier.attribute.ptl",
                "nx=storage.modifier.attribute.ptl", "// the VGA text buffer=comment.line.double-slash.ptl"),
                tm.line("    map 0x000b_8000 size 4 KiB identity rw nx // the VGA text buffer"));
        assertEquals(List.of("format=keyword.control.ptl", "x86_64-la57=support.constant.format.ptl"),
                tm.line("    format x86_64-la57"));
        assertEquals(List.of("walk=keyword.control.ptl", "0o177777_777=constant.numeric.octal.ptl",
                "expect=keyword.control.ptl", "0b1010_1=constant.numeric.binary.ptl"),
                tm.line("    walk 0o177777_777 expect 0b1010_1"));
        assertEquals(List.of("ram=keyword.control.ptl", "0x0=constant.numeric.address.ptl", "..==keyword.operator.ptl",
                "0x9_ffff=constant.numeric.address.ptl", "\"low =string.quoted.double.ptl",
                "\\\"=constant.character.escape.ptl", " RAM\"=string.quoted.double.ptl"),
                tm.line("    ram 0x0 ..= 0x9_ffff \"low \\\" RAM\""));
        assertEquals(List.of("direct_map=support.constant.purpose.ptl", "0xffff=constant.numeric.address.ptl",
                "+=keyword.operator.ptl", "64=constant.numeric.size.ptl", "TiB=keyword.other.unit.ptl"),
                tm.line("    direct_map 0xffff + 64 TiB"));
        assertEquals(List.of("map=keyword.control.ptl", "0x40_0000=constant.numeric.address.ptl",
                "size=keyword.control.ptl", "0x1000=constant.numeric.size.ptl", "B=keyword.other.unit.ptl"),
                tm.line("    map 0x40_0000 size 0x1000 B"), "a hex number with a unit is a size, not an address");
        assertEquals(List.of("walk=keyword.control.ptl", "0xdfff_fc00_0000_0000=constant.numeric.address.ptl",
                "+=keyword.operator.ptl", "(=keyword.operator.ptl", "0xffff_8000_0000_0000=constant.numeric.address.ptl",
                ">>=keyword.operator.ptl", "3=constant.numeric.decimal.ptl", ")=keyword.operator.ptl",
                "<<=keyword.operator.ptl", "1=constant.numeric.decimal.ptl"),
                tm.line("    walk 0xdfff_fc00_0000_0000 + (0xffff_8000_0000_0000 >> 3) << 1"));
        assertEquals(List.of("/* two=comment.block.ptl"), tm.line("/* two"));
        assertEquals(List.of("lines */=comment.block.ptl", "space=keyword.control.ptl"), tm.line("lines */ space k"));
    }

    /** The alternatives of a word list {@code (?<![\w-])(?:a|b)(?![\w-])} inside {@code regex}, unescaped. */
    private static List<String> words(String regex) {
        int start = regex.indexOf(WORDS_START);
        int end = regex.indexOf(WORDS_END, start);
        assertTrue(start >= 0 && end > start, "no word list in " + regex);
        return Arrays.asList(regex.substring(start + WORDS_START.length(), end).split("\\|"));
    }

    private static void collectRegexes(JsonElement e, List<String> into) {
        if (e.isJsonObject()) {
            for (var entry : e.getAsJsonObject().entrySet()) {
                if (Set.of("match", "begin", "end").contains(entry.getKey()) && entry.getValue().isJsonPrimitive()) {
                    into.add(entry.getValue().getAsString());
                } else {
                    collectRegexes(entry.getValue(), into);
                }
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collectRegexes(x, into));
        }
    }

    private static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    /**
     * The subset of TextMate the PT grammar uses: {@code match} with {@code name}/{@code captures}, {@code begin}/
     * {@code end} with {@code name}, {@code beginCaptures} and inner {@code patterns}, {@code #include}s of the
     * repository. The earliest match wins, the first listed on a tie, an {@code end} before inner patterns. A line's
     * result lists each scoped piece as {@code TEXT=SCOPE} (the innermost scope), unscoped text left out.
     */
    static final class TinyTextMate {
        private final JsonObject grammar;
        private final Deque<JsonObject> open = new ArrayDeque<>();

        TinyTextMate(JsonObject grammar) {
            this.grammar = grammar;
        }

        /** Scoped pieces of a line; contiguous pieces of one scope are one piece. */
        List<String> line(String text) {
            List<int[]> spans = new ArrayList<>();
            List<String> scopes = new ArrayList<>();
            scan(text, spans, scopes);
            List<String> out = new ArrayList<>();
            int lastEnd = -1;
            for (int i = 0; i < spans.size(); i++) {
                int[] span = spans.get(i);
                if (span[1] <= span[0]) {
                    continue;
                }
                String piece = text.substring(span[0], span[1]);
                if (!out.isEmpty() && span[0] == lastEnd && scopes.get(i).equals(scopes.get(i - 1))) {
                    String last = out.remove(out.size() - 1);
                    piece = last.substring(0, last.length() - scopes.get(i).length() - 1) + piece;
                }
                out.add(piece + "=" + scopes.get(i));
                lastEnd = span[1];
            }
            return out;
        }

        private void scan(String text, List<int[]> spans, List<String> scopes) {
            int pos = 0;
            while (pos <= text.length()) {
                JsonObject context = open.peek();
                String contextScope = context != null && context.has("name") ? context.get("name").getAsString() : null;
                Matcher best = null;
                JsonObject bestRule = null;
                if (context != null) {
                    Matcher m = Pattern.compile(context.get("end").getAsString()).matcher(text);
                    if (m.find(pos)) {
                        best = m;
                    }
                }
                List<JsonObject> rules = new ArrayList<>();
                flatten(context == null ? grammar.getAsJsonArray("patterns")
                        : context.has("patterns") ? context.getAsJsonArray("patterns") : null, rules);
                for (JsonObject r : rules) {
                    Matcher m = Pattern.compile(r.has("match") ? r.get("match").getAsString()
                            : r.get("begin").getAsString()).matcher(text);
                    if (m.find(pos) && (best == null || m.start() < best.start())) {
                        best = m;
                        bestRule = r;
                    }
                }
                int upTo = best == null ? text.length() : best.start();
                if (contextScope != null) {
                    record(spans, scopes, pos, upTo, contextScope);
                }
                if (best == null) {
                    return;
                }
                if (bestRule == null) { // the context's end
                    open.pop();
                    if (contextScope != null) {
                        record(spans, scopes, best.start(), best.end(), contextScope);
                    }
                    if (best.end() == text.length()) {
                        return;
                    }
                } else if (bestRule.has("begin")) {
                    open.push(bestRule);
                    emit(best, bestRule, bestRule.has("beginCaptures") ? "beginCaptures" : "captures", spans, scopes);
                } else {
                    emit(best, bestRule, "captures", spans, scopes);
                }
                pos = best.end() > pos ? best.end() : pos + 1;
            }
        }

        private static void record(List<int[]> spans, List<String> scopes, int start, int end, String scope) {
            spans.add(new int[] {start, end});
            scopes.add(scope);
        }

        private static void emit(Matcher m, JsonObject rule, String capturesKey, List<int[]> spans,
                List<String> scopes) {
            if (rule.has(capturesKey)) {
                JsonObject captures = rule.getAsJsonObject(capturesKey);
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (captures.has(String.valueOf(g)) && m.group(g) != null) {
                        record(spans, scopes, m.start(g), m.end(g),
                                captures.getAsJsonObject(String.valueOf(g)).get("name").getAsString());
                    }
                }
            } else if (rule.has("name")) {
                record(spans, scopes, m.start(), m.end(), rule.get("name").getAsString());
            }
        }

        private void flatten(com.google.gson.JsonArray patterns, List<JsonObject> into) {
            if (patterns == null) {
                return;
            }
            for (JsonElement e : patterns) {
                JsonObject r = e.getAsJsonObject();
                if (r.has("include")) {
                    JsonObject target = grammar.getAsJsonObject("repository")
                            .getAsJsonObject(r.get("include").getAsString().substring(1));
                    if (target.has("match") || target.has("begin")) {
                        into.add(target);
                    } else {
                        flatten(target.getAsJsonArray("patterns"), into);
                    }
                } else {
                    into.add(r);
                }
            }
        }
    }
}
