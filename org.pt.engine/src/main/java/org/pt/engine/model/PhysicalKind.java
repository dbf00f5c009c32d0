package org.pt.engine.model;

/** What a physical range holds. */
public enum PhysicalKind {
    RAM("ram"), RESERVED("reserved"), MMIO("mmio");

    private final String keyword;

    PhysicalKind(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
