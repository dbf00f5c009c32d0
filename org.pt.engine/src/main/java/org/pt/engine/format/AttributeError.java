package org.pt.engine.format;

/** A combination of abstract attributes that a format cannot express, naming the format and the combination. */
public record AttributeError(String format, Attributes attributes, String reason) {
    public String message() {
        return format + " cannot express '" + attributes + "': " + reason;
    }
}
