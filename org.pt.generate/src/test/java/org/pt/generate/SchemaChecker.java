package org.pt.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed JSON document against the part of JSON Schema (draft 2020-12) that docs/pt-tables.schema.json uses:
 * {@code $ref} to {@code #/$defs/...}, {@code type}, {@code properties}, {@code required},
 * {@code additionalProperties: false}, {@code items}, {@code const}, {@code enum}, {@code pattern}, {@code minimum},
 * {@code allOf}, {@code oneOf}, {@code if}/{@code then}. Any other keyword in the schema is itself a problem, so that
 * the schema cannot say more than this checker checks. Problems are listed with the JSON pointer they are at.
 */
final class SchemaChecker {

    private static final Set<String> KNOWN = Set.of("$schema", "$id", "$defs", "$ref", "$comment", "title",
            "description", "examples", "type", "properties", "required", "additionalProperties", "items", "const", "enum",
            "pattern", "minimum", "allOf", "oneOf", "if", "then");

    private final Map<String, Object> root;

    SchemaChecker(Map<String, Object> root) {
        this.root = root;
    }

    /** Every problem of {@code doc}; empty when it matches. */
    List<String> check(Object doc) {
        List<String> out = new ArrayList<>();
        check(root, doc, "", out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> schema, Object v, String path, List<String> out) {
        for (String k : schema.keySet()) {
            if (!KNOWN.contains(k)) {
                out.add(path + ": the schema uses '" + k + "', which this checker does not check");
            }
        }
        if (schema.get("$ref") instanceof String ref) {
            if (!ref.startsWith("#/$defs/")) {
                out.add(path + ": unsupported $ref " + ref);
                return;
            }
            Map<String, Object> defs = (Map<String, Object>) root.get("$defs");
            Object target = defs == null ? null : defs.get(ref.substring("#/$defs/".length()));
            if (!(target instanceof Map)) {
                out.add(path + ": $ref " + ref + " names nothing");
                return;
            }
            check((Map<String, Object>) target, v, path, out);
        }
        if (schema.containsKey("type") && !typeMatches(schema.get("type"), v)) {
            out.add(path + ": " + describe(v) + " is not of type " + schema.get("type"));
            return;
        }
        if (schema.containsKey("const") && !same(schema.get("const"), v)) {
            out.add(path + ": " + describe(v) + " is not " + schema.get("const"));
        }
        if (schema.get("enum") instanceof List<?> values && values.stream().noneMatch(e -> same(e, v))) {
            out.add(path + ": " + describe(v) + " is none of " + values);
        }
        if (schema.get("pattern") instanceof String p && v instanceof String str
                && !Pattern.compile(p).matcher(str).find()) {
            out.add(path + ": \"" + str + "\" does not match " + p);
        }
        if (schema.get("minimum") instanceof Long min && v instanceof Long n && n < min) {
            out.add(path + ": " + n + " is below " + min);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            if (schema.get("required") instanceof List<?> req) {
                for (Object r : req) {
                    if (!m.containsKey(r)) {
                        out.add(path + ": required member '" + r + "' is missing");
                    }
                }
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = (String) e.getKey();
                Object sub = props.get(key);
                if (sub instanceof Map) {
                    check((Map<String, Object>) sub, e.getValue(), path + "/" + key, out);
                } else if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                    out.add(path + ": member '" + key + "' is not in the schema");
                }
            }
        }
        if (v instanceof List<?> l && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < l.size(); i++) {
                check((Map<String, Object>) items, l.get(i), path + "/" + i, out);
            }
        }
        if (schema.get("allOf") instanceof List<?> all) {
            for (Object s : all) {
                check((Map<String, Object>) s, v, path, out);
            }
        }
        if (schema.get("oneOf") instanceof List<?> one) {
            int matched = 0;
            List<String> why = new ArrayList<>();
            for (Object s : one) {
                List<String> p = new ArrayList<>();
                check((Map<String, Object>) s, v, path, p);
                if (p.isEmpty()) {
                    matched++;
                } else {
                    why.add(String.join("; ", p));
                }
            }
            if (matched != 1) {
                out.add(path + ": matches " + matched + " of the oneOf alternatives, not one" + (matched == 0
                        ? " (" + String.join(" | ", why) + ")" : ""));
            }
        }
        if (schema.get("if") instanceof Map<?, ?> cond && schema.get("then") instanceof Map<?, ?> then) {
            List<String> p = new ArrayList<>();
            check((Map<String, Object>) cond, v, path, p);
            if (p.isEmpty()) {
                check((Map<String, Object>) then, v, path, out);
            }
        }
    }

    private static boolean typeMatches(Object type, Object v) {
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(t -> typeMatches(t, v));
        }
        return switch ((String) type) {
            case "object" -> v instanceof Map;
            case "array" -> v instanceof List;
            case "string" -> v instanceof String;
            case "integer" -> v instanceof Long;
            case "boolean" -> v instanceof Boolean;
            case "null" -> v == null;
            default -> false;
        };
    }

    private static boolean same(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : v instanceof Map ? "an object" : v instanceof List ? "an array"
                : String.valueOf(v);
    }
}
