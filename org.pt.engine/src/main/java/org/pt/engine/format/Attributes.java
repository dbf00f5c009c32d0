package org.pt.engine.format;

import java.util.StringJoiner;

/**
 * Abstract attributes of a mapping, independent of the format: access rights, privilege, global,
 * memory type, shareability and the preset accessed/dirty state. A format encodes them or refuses a
 * combination it cannot express ({@link AttributeError}).
 *
 * @param accessed whether the entry is written with its accessed flag set (x86 A, AArch64 AF, RISC-V A)
 * @param dirty    whether a writable entry is written with its dirty flag set (x86 D on leaves, RISC-V D)
 */
public record Attributes(boolean read, boolean write, boolean execute, boolean user, boolean global,
        CacheType cache, Shareability shareability, boolean accessed, boolean dirty) {

    public Attributes {
        if (cache == null || shareability == null) {
            throw new IllegalArgumentException("cache type and shareability are required");
        }
    }

    /** Kernel read/write, not executable, not global, write-back, inner shareable, accessed and dirty. */
    public static final Attributes KERNEL_RW = new Attributes(true, true, false, false, false,
            CacheType.WRITE_BACK, Shareability.INNER, true, true);

    /** Kernel read/execute. */
    public static final Attributes KERNEL_RX = new Attributes(true, false, true, false, false,
            CacheType.WRITE_BACK, Shareability.INNER, true, true);

    /** Parses the {@code rwx} shorthand ({@code r}, {@code rw}, {@code rx}, {@code rwx}, {@code x}, ...), kernel, write-back. */
    public static Attributes of(String rwx) {
        boolean r = rwx.indexOf('r') >= 0;
        boolean w = rwx.indexOf('w') >= 0;
        boolean x = rwx.indexOf('x') >= 0;
        for (char c : rwx.toCharArray()) {
            if (c != 'r' && c != 'w' && c != 'x' && c != '-') {
                throw new IllegalArgumentException("unknown access letter '" + c + "' in '" + rwx + "'");
            }
        }
        return new Attributes(r, w, x, false, false, CacheType.WRITE_BACK, Shareability.INNER, true, true);
    }

    public Attributes withUser(boolean u) {
        return new Attributes(read, write, execute, u, global, cache, shareability, accessed, dirty);
    }

    public Attributes withGlobal(boolean g) {
        return new Attributes(read, write, execute, user, g, cache, shareability, accessed, dirty);
    }

    public Attributes withCache(CacheType c) {
        return new Attributes(read, write, execute, user, global, c, shareability, accessed, dirty);
    }

    public Attributes withShareability(Shareability s) {
        return new Attributes(read, write, execute, user, global, cache, s, accessed, dirty);
    }

    public Attributes withAccessed(boolean a) {
        return new Attributes(read, write, execute, user, global, cache, shareability, a, dirty);
    }

    public Attributes withDirty(boolean d) {
        return new Attributes(read, write, execute, user, global, cache, shareability, accessed, d);
    }

    public Attributes withRights(boolean r, boolean w, boolean x) {
        return new Attributes(r, w, x, user, global, cache, shareability, accessed, dirty);
    }

    /** {@code rw-} style letters. */
    public String rights() {
        return (read ? "r" : "-") + (write ? "w" : "-") + (execute ? "x" : "-");
    }

    /** {@code rw- user global wb}: the combination as a user would write it. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(" ");
        j.add(rights());
        j.add(user ? "user" : "kernel");
        if (global) {
            j.add("global");
        }
        j.add(cache.keyword());
        if (!accessed) {
            j.add("not-accessed");
        }
        return j.toString();
    }
}
