package org.pt.cli;

import java.util.Comparator;

/**
 * One diagnostic of {@code ptc check}, positioned in a file as the user named it.
 *
 * @param file the path as given on the command line (a folder argument joined with the path under it)
 * @param line 1-based line, or 0 when the diagnostic has no position
 * @param column 1-based column (UTF-16 characters, a tab counts one), or 0 when unknown
 * @param endLine 1-based line of the end, or 0 when unknown
 * @param endColumn 1-based column just after the end (exclusive), or 0 when unknown
 * @param code the issue code, or {@code null}
 */
record Finding(String file, int line, int column, int endLine, int endColumn, Severity severity, String message,
        String code) {

    /**
     * By file, then position, then cause before consequence (an invalid byte before the syntax error it
     * makes), then severity (errors first) and message: a stable order for golden files.
     */
    static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file)
            .thenComparingInt(Finding::line)
            .thenComparingInt(Finding::column)
            .thenComparing(f -> !CheckCommand.INVALID_UTF8.equals(f.code()))
            .thenComparing(Finding::severity)
            .thenComparing(Finding::message)
            .thenComparing(Finding::code, Comparator.nullsFirst(Comparator.naturalOrder()));

    Finding {
        message = message == null || message.isBlank() ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Severities in report order; {@code NOTE} is Xtext's INFO. */
    enum Severity {
        ERROR("error"), WARNING("warning"), NOTE("note");

        final String label;

        Severity(String label) {
            this.label = label;
        }
    }
}
