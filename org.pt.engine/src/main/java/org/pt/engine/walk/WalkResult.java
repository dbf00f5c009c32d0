package org.pt.engine.walk;

import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Attributes;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.MemoryType;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.format.Permissions;

/**
 * The outcome of one translation-only walk, kept in fields so that a walk into it allocates nothing: for callers that
 * translate millions of addresses (a simulator, a benchmark, a table scan). Reusable and not thread-safe: each thread
 * keeps its own, as with {@link java.util.regex.Matcher}. {@link #status()} says what the last walk found; the
 * accessors of a mapping throw unless it was {@link Status#MAPPED}. {@link Translation} is the same answer as a value,
 * with the fault explained: {@code AddressSpace.translate(va, access)}.
 */
public final class WalkResult {

    /** What the last walk found: the three variants of {@link Translation}. */
    public enum Status {
        MAPPED, NOT_MAPPED, FAULTED
    }

    private Status status = Status.NOT_MAPPED;
    private long va;
    private long pa;
    private long pageSize;
    private long entry;
    /** The level the walk ended at; null when it read none. */
    private Geometry.Level level;
    private Permissions permissions;
    /** When set, {@link #attributes()} and {@link #memoryType()} are decoded from {@link #entry} when asked. */
    private PagingFormat decoder;
    private Attributes attributes;
    private MemoryType memoryType;
    private FaultKind fault;
    private String faultDetail = "";

    public Status status() {
        return status;
    }

    /** The VA of the last walk. */
    public long va() {
        return va;
    }

    /** The physical address the VA translates to. */
    public long pa() {
        requireMapped();
        return pa;
    }

    public long pageSize() {
        requireMapped();
        return pageSize;
    }

    public Permissions permissions() {
        requireMapped();
        return permissions;
    }

    public Attributes attributes() {
        requireMapped();
        return decoder == null ? attributes : decoder.walkAttributes(entry, level.archLevel());
    }

    public MemoryType memoryType() {
        requireMapped();
        return decoder == null ? memoryType : decoder.memoryType(entry, level.archLevel());
    }

    /** Why the last walk faulted. */
    public FaultKind fault() {
        if (status != Status.FAULTED) {
            throw new IllegalStateException("the walk of " + Unsigned.hex(va) + " did not fault");
        }
        return fault;
    }

    private void requireMapped() {
        if (status != Status.MAPPED) {
            throw new IllegalStateException("the walk of " + Unsigned.hex(va) + " found no mapping");
        }
    }

    /** The walk as a value (allocates). */
    public Translation translation() {
        return switch (status) {
            case MAPPED -> new Translation.Mapped(va, pa, pageSize, levelName(), permissions, attributes(), memoryType());
            case NOT_MAPPED -> new Translation.NotMapped(va, levelName(), entry);
            case FAULTED -> new Translation.Faulted(va, new Fault(fault, levelName(), entry, faultDetail));
        };
    }

    // ---- written by the formats' walks ------------------------------------------------------------

    private String levelName() {
        return level == null ? "" : level.name();
    }

    /** Records a mapping found at {@code level}; returns true. */
    public boolean mapped(long va, long pa, long pageSize, Geometry.Level level, Permissions permissions,
            Attributes attributes, MemoryType memoryType) {
        set(Status.MAPPED, va, level, 0);
        this.pa = pa;
        this.pageSize = pageSize;
        this.permissions = permissions;
        this.decoder = null;
        this.attributes = attributes;
        this.memoryType = memoryType;
        return true;
    }

    /**
     * Records a mapping by the leaf {@code entry} found at {@code level}, whose attributes and memory type
     * {@code format} decodes only when asked ({@link PagingFormat#walkAttributes}, {@link PagingFormat#memoryType});
     * returns true.
     */
    public boolean mapped(long va, long pa, long pageSize, Geometry.Level level, Permissions permissions, long entry,
            PagingFormat format) {
        set(Status.MAPPED, va, level, entry);
        this.pa = pa;
        this.pageSize = pageSize;
        this.permissions = permissions;
        if (decoder != format) {
            decoder = format;
        }
        return true;
    }

    /** Records an entry at {@code level} whose present/valid bit is clear; returns false. */
    public boolean notMapped(long va, Geometry.Level level, long entry) {
        set(Status.NOT_MAPPED, va, level, entry);
        return false;
    }

    /**
     * Records a fault at {@code level} (null: before any level was read) on {@code entry} (0 when none was read), and
     * what exactly is wrong ({@code ""} from a walk that does not explain); returns false.
     */
    public boolean faulted(long va, FaultKind kind, Geometry.Level level, long entry, String detail) {
        set(Status.FAULTED, va, level, entry);
        this.fault = kind;
        this.faultDetail = detail;
        return false;
    }

    private void set(Status s, long va, Geometry.Level level, long entry) {
        this.status = s;
        this.va = va;
        this.level = level;
        this.entry = entry;
    }
}
