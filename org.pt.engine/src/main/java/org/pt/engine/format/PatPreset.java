package org.pt.engine.format;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The x86 PAT contents a machine can name ({@code pat linux}): what the kernel programs into IA32_PAT. */
public enum PatPreset {
    /** The PAT Linux programs: WB, WC, UC-, UC, WB, WP, UC-, WT. */
    LINUX(X86Format.LINUX_PAT),
    /** The PAT after reset: WB, WT, UC-, UC, repeated. */
    POWER_ON(X86Format.POWER_ON_PAT);

    private final List<X86Format.PatType> entries;

    PatPreset(List<X86Format.PatType> entries) {
        this.entries = entries;
    }

    /** The eight PAT entries. */
    public List<X86Format.PatType> entries() {
        return entries;
    }

    /** The word a spec writes: {@code linux}, {@code power-on}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<PatPreset> byKeyword(String word) {
        for (PatPreset p : values()) {
            if (p.keyword().equals(word)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
