package org.pt.engine.analysis;

import java.util.List;
import java.util.Map;

/**
 * One result of an analysis: severity, code, a one-line message naming every party and range involved, the subjects
 * it is about (the first is where it is reported) and the data a quick fix needs (e.g. {@code freeSlot=509}).
 */
public record Finding(Severity severity, Code code, String message, List<Subject> subjects, Map<String, String> data) {
    public Finding {
        subjects = List.copyOf(subjects);
        data = Map.copyOf(data);
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("a finding needs a subject: " + message);
        }
    }

    public static Finding error(Code code, String message, Subject... subjects) {
        return new Finding(Severity.ERROR, code, message, List.of(subjects), Map.of());
    }

    public static Finding warning(Code code, String message, Subject... subjects) {
        return new Finding(Severity.WARNING, code, message, List.of(subjects), Map.of());
    }

    public static Finding info(Code code, String message, Subject... subjects) {
        return new Finding(Severity.INFO, code, message, List.of(subjects), Map.of());
    }

    public Finding withData(String key, String value) {
        java.util.Map<String, String> d = new java.util.LinkedHashMap<>(data);
        d.put(key, value);
        return new Finding(severity, code, message, subjects, d);
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message + " [" + code + "]";
    }
}
