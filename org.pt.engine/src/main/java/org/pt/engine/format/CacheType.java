package org.pt.engine.format;

import java.util.Optional;

/** Abstract memory types; each format maps them to its own bits (x86 PAT, AArch64 MAIR, ARMv7 TEX/C/B, RISC-V PBMT). */
public enum CacheType {
    WRITE_BACK("wb"), WRITE_THROUGH("wt"), UNCACHED("uc"), WRITE_COMBINING("wc"), DEVICE("device");

    private final String keyword;

    CacheType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static Optional<CacheType> byKeyword(String k) {
        for (CacheType c : values()) {
            if (c.keyword.equals(k)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
