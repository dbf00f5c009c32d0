package org.pt.tests.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pt.cli.Ptc;

/** One in-process run of {@code ptc}: exit status, standard output and standard error, and the findings printed. */
record Transcript(int status, String out, String err) {

    /** {@code FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE]}, as {@code ptc check} prints a finding. */
    private static final Pattern FINDING = Pattern.compile("^(.+?):(\\d+):(\\d+): (error|warning|note): (.*) \\[([^\\]]+)\\]$");

    static Transcript of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Ptc.run(args, o, e);
        }
        return new Transcript(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The findings of a text-format run, in the order printed; a line that is neither a finding nor the summary fails. */
    List<Printed> findings() {
        List<Printed> found = new ArrayList<>();
        for (String line : out.lines().toList()) {
            Matcher m = FINDING.matcher(line);
            if (m.matches()) {
                found.add(new Printed(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4),
                        m.group(5), m.group(6)));
            } else if (!line.startsWith("checked ")) {
                throw new AssertionError("not a finding nor the summary: " + line + "\n" + out + err);
            }
        }
        return found;
    }

    /** One printed finding. */
    record Printed(String file, int line, int column, String severity, String message, String code) {
        /** {@code code at line:column}, as the {@code // expect:} lines write it. */
        String where() {
            return code + " at " + line + ":" + column;
        }
    }
}
