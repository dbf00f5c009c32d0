package org.pt.engine.model;

/** What a virtual region of a layout is for. */
public enum Purpose {
    USER("user"), KERNEL("kernel"), DIRECT_MAP("direct_map"), SELF_MAP("self_map"), WINDOW("window"), GUARD("guard"),
    MMIO("mmio"), OTHER("other");

    private final String keyword;

    Purpose(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** True for regions that belong to the kernel half (everything but user space and guards). */
    public boolean isKernel() {
        return this != USER && this != GUARD;
    }
}
