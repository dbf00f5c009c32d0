package org.pt.tests.fuzz;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What must hold of any {@code ptc check --format json} run of one file, whatever the file holds: exit status 0 or 1
 * (2 only with a reason on standard error that is not an internal error), nothing else on standard error, output that
 * is the JSON report, no internal-error finding, the error count agreeing with the status, every finding of the file
 * positioned inside it, no raw control character and no negative number in a message, and an answer to a spec that
 * asks something and passes.
 */
public final class Oracle {

    /** A negative number in a message: a 64-bit value printed signed (a minus right before a digit, not in a word). */
    static final Pattern NEGATIVE = Pattern.compile("(?<![\\w'\"-])-[0-9]");
    /** A question of a spec: a walk, reach or report statement at the start of a line. */
    private static final Pattern QUESTION = Pattern.compile("(?m)^[ \\t]*(walk|reach|report)\\b");

    private Oracle() {
    }

    /** The problems of a run of {@code ptc check --format json FILE}, one line each; none when all is well. */
    static List<String> problems(String file, byte[] bytes, int status, String out, String err) {
        List<String> problems = new ArrayList<>();
        if (status != 0 && status != 1) {
            if (status != 2 || err.isBlank() || err.contains("internal error")) {
                problems.add("exit status " + status + ": " + firstLine(err));
            }
            return problems;
        }
        if (!err.isEmpty()) {
            problems.add("standard error: " + firstLine(err));
        }
        JsonObject report;
        try {
            report = JsonParser.parseString(out).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            problems.add("not a JSON report: " + firstLine(out));
            return problems;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        text = text.startsWith("\uFEFF") ? text.substring(1) : text; // ptc reads past a byte order mark
        List<String> lines = lines(text);
        int findings = 0;
        for (JsonElement element : report.getAsJsonArray("diagnostics")) {
            JsonObject d = element.getAsJsonObject();
            String code = d.has("code") && !d.get("code").isJsonNull() ? d.get("code").getAsString() : null;
            String message = d.get("message").getAsString();
            String what = d.get("line") + ":" + d.get("column") + " [" + code + "] " + shorten(message);
            if ("pt.internal".equals(code) || message.contains("internal error")) {
                problems.add("internal error: " + what);
            }
            problems.addAll(unprintable(message, what));
            if (NEGATIVE.matcher(message).find()) {
                problems.add("negative number in a message: " + what);
            }
            if (!file.equals(d.get("file").getAsString())) {
                continue; // a finding of an imported file: positioned in that file
            }
            findings++;
            String outside = outside(lines, d.get("line").getAsInt(), d.get("column").getAsInt(), false);
            if (outside == null) {
                outside = outside(lines, d.get("endLine").getAsInt(), d.get("endColumn").getAsInt(), true);
            }
            if (outside != null) {
                problems.add("finding " + outside + ": " + what);
            }
        }
        int errors = report.get("errors").getAsInt();
        if ((errors > 0) != (status == 1)) {
            problems.add("exit status " + status + " with " + errors + " errors");
        }
        if (status == 0 && findings == 0 && QUESTION.matcher(text).find()) {
            problems.add("no finding at all for a spec that asks questions and passes");
        }
        return problems;
    }

    /** The raw control characters of a message (a byte order mark counts), as problems. */
    static List<String> unprintable(String message, String what) {
        for (char c : message.toCharArray()) {
            if (Character.isISOControl(c) || c == '\uFEFF') {
                return List.of(String.format("raw U+%04X in a message: %s", (int) c, Mutator.escape(what)));
            }
        }
        return List.of();
    }

    /** Why {@code line:column} is not a position of the text (the end may be one past a line's last character). */
    private static String outside(List<String> lines, int line, int column, boolean end) {
        String where = (end ? "ends at " : "at ") + line + ":" + column;
        if (line < 1 || column < 1) {
            return where + ", not positioned";
        }
        if (line > lines.size()) {
            return where + ", past the last line " + lines.size();
        }
        if (column > lines.get(line - 1).length() + 1) {
            return where + ", past the end of line " + line + " (" + lines.get(line - 1).length() + " characters)";
        }
        return null;
    }

    /** The lines of {@code text}, each without its end: LF, CR LF and a lone CR all end a line. */
    static List<String> lines(String text) {
        return List.of(text.split("\r\n|\r|\n", -1));
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("(nothing)");
        return shorten(line);
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
