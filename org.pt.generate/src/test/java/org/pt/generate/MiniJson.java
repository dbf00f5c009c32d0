package org.pt.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser for the tests (RFC 8259): objects become insertion-ordered maps, arrays lists, numbers
 * {@link Long} (the documents PT writes have integer numbers only; anything else is refused), strings with every escape
 * decoded. A syntax error names its offset.
 */
public final class MiniJson {

    private final String s;
    private int at;

    private MiniJson(String s) {
        this.s = s;
    }

    public static Object parse(String text) {
        MiniJson p = new MiniJson(text);
        p.space();
        Object v = p.value();
        p.space();
        if (p.at != text.length()) {
            throw p.error("text after the document");
        }
        return v;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + at);
    }

    private void space() {
        while (at < s.length() && " \t\r\n".indexOf(s.charAt(at)) >= 0) {
            at++;
        }
    }

    private Object value() {
        if (at >= s.length()) {
            throw error("end of text");
        }
        char c = s.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> word("true", Boolean.TRUE);
            case 'f' -> word("false", Boolean.FALSE);
            case 'n' -> word("null", null);
            default -> number();
        };
    }

    private Object word(String w, Object v) {
        if (!s.startsWith(w, at)) {
            throw error("unexpected character");
        }
        at += w.length();
        return v;
    }

    private Long number() {
        int start = at;
        if (at < s.length() && s.charAt(at) == '-') {
            at++;
        }
        int digits = at;
        while (at < s.length() && Character.isDigit(s.charAt(at))) {
            at++;
        }
        if (at == digits || s.charAt(digits) == '0' && at - digits > 1) {
            throw error("not an integer");
        }
        return Long.parseLong(s.substring(start, at));
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        at++;
        space();
        if (peek('}')) {
            return m;
        }
        while (true) {
            space();
            if (at >= s.length() || s.charAt(at) != '"') {
                throw error("expected a member name");
            }
            String name = string();
            space();
            expect(':');
            space();
            if (m.containsKey(name)) {
                throw error("duplicate member '" + name + "'");
            }
            m.put(name, value());
            space();
            if (peek('}')) {
                return m;
            }
            expect(',');
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        at++;
        space();
        if (peek(']')) {
            return l;
        }
        while (true) {
            space();
            l.add(value());
            space();
            if (peek(']')) {
                return l;
            }
            expect(',');
        }
    }

    private boolean peek(char c) {
        if (at < s.length() && s.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        at++;
        while (true) {
            if (at >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("raw control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }
}
