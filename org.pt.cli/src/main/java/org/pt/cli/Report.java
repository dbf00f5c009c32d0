package org.pt.cli;

import java.util.List;
import org.pt.cli.Finding.Severity;
import org.pt.dsl.validation.IssueCodes;

/** The result of {@code ptc check} over some files, as compiler-style text or as JSON. */
final class Report {

    private final List<String> files;
    private final List<Finding> findings;

    /** @param findings sorted in {@link Finding#ORDER} */
    Report(List<String> files, List<Finding> findings) {
        this.files = files;
        this.findings = findings;
    }

    long errors() {
        return count(Severity.ERROR);
    }

    /**
     * The exit status of a check with these findings: {@link Ptc#TROUBLE} when PT itself failed on a file (an
     * {@link IssueCodes#INTERNAL} error: nothing trustworthy was checked), else {@link Ptc#FINDINGS} for any error,
     * else {@link Ptc#OK}.
     */
    int status() {
        if (findings.stream().anyMatch(f -> IssueCodes.INTERNAL.equals(f.code()))) {
            return Ptc.TROUBLE;
        }
        return errors() > 0 ? Ptc.FINDINGS : Ptc.OK;
    }

    long warnings() {
        return count(Severity.WARNING);
    }

    long notes() {
        return count(Severity.NOTE);
    }

    private long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** {@code FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE]} per finding, then {@code checked N files: ...}. */
    String text() {
        StringBuilder text = new StringBuilder();
        for (Finding f : findings) {
            text.append(f.file()).append(':');
            if (f.line() > 0) {
                text.append(f.line()).append(':');
                if (f.column() > 0) {
                    text.append(f.column()).append(':');
                }
            }
            text.append(' ').append(f.severity().label).append(": ").append(f.message());
            if (f.code() != null) {
                text.append(" [").append(f.code()).append(']');
            }
            text.append('\n');
        }
        text.append("checked ").append(plural(files.size(), "file")).append(": ")
                .append(plural(errors(), "error")).append(", ").append(plural(warnings(), "warning"));
        if (notes() > 0) {
            text.append(", ").append(plural(notes(), "note"));
        }
        return text.append('\n').toString();
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * One JSON object: {@code files} (as shown), {@code diagnostics} (positions 1-based, {@code endColumn}
     * exclusive, absent when unknown; {@code code} null when the finding has none), and the counts.
     */
    String json() {
        StringBuilder json = new StringBuilder("{\n  \"files\": [");
        for (int i = 0; i < files.size(); i++) {
            json.append(i == 0 ? "" : ", ");
            string(json, files.get(i));
        }
        json.append("],\n  \"diagnostics\": [");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            json.append(i == 0 ? "\n    {" : ",\n    {");
            json.append("\"file\": ");
            string(json, f.file());
            number(json, "line", f.line());
            number(json, "column", f.column());
            number(json, "endLine", f.endLine());
            number(json, "endColumn", f.endColumn());
            json.append(", \"severity\": ");
            string(json, f.severity().label);
            json.append(", \"message\": ");
            string(json, f.message());
            json.append(", \"code\": ");
            if (f.code() == null) {
                json.append("null");
            } else {
                string(json, f.code());
            }
            json.append('}');
        }
        json.append(findings.isEmpty() ? "]" : "\n  ]");
        json.append(",\n  \"errors\": ").append(errors());
        json.append(",\n  \"warnings\": ").append(warnings());
        json.append(",\n  \"notes\": ").append(notes());
        return json.append("\n}\n").toString();
    }

    private static void number(StringBuilder json, String name, int value) {
        if (value > 0) {
            json.append(", \"").append(name).append("\": ").append(value);
        }
    }

    /** Appends {@code value} as a JSON string (RFC 8259: quote, backslash and control characters escaped). */
    static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
