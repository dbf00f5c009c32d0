package org.pt.engine.analysis;

import java.lang.ref.SoftReference;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.pt.engine.model.SystemModel;

/**
 * {@link Analysis#run} remembered by the value of what builds the tables: the machines, layouts and spaces of a model
 * with their operations, without queries and outputs ({@link Analysis#tablesOf}). The model holds no source positions
 * (a statement is known by its index in its space), so a model whose tables are built alike from an edited text (a
 * comment, a blank line, a walk address, another {@code generate} directive) finds the built spaces of an earlier
 * analysis, and only its queries are answered and its outputs made again. The result equals a fresh
 * {@link Analysis#run} of the same model (the built spaces are only read after their build, by any number of threads).
 *
 * <p>Bounded: the last {@code capacity} builds are kept, each held softly, so that the garbage collector drops them
 * before the heap runs short. A space of 64 GiB mapped with 4 KiB pages holds about 129 MiB of tables.
 */
public final class AnalysisMemo {
    private final int capacity;
    private final Map<SystemModel, SoftReference<Analysis.Built>> builds = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong built = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();

    /** Keeps the last {@code capacity} builds (at least one). */
    public AnalysisMemo(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the memo keeps at least one build, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** What {@link Analysis#run} returns for {@code model}, from a remembered build of its tables when there is one. */
    public AnalysisResult run(SystemModel model) {
        SystemModel tables = Analysis.tablesOf(model);
        Analysis.Built b = remembered(tables);
        if (b == null) {
            b = Analysis.build(tables);
            built.incrementAndGet();
            remember(tables, b);
        } else {
            reused.incrementAndGet();
        }
        return Analysis.complete(b, model);
    }

    /** How many times tables were built (a miss) so far. */
    public long builds() {
        return built.get();
    }

    /** How many analyses reused remembered tables (a hit) so far. */
    public long reuses() {
        return reused.get();
    }

    private synchronized Analysis.Built remembered(SystemModel tables) {
        SoftReference<Analysis.Built> ref = builds.get(tables);
        Analysis.Built b = ref == null ? null : ref.get();
        if (ref != null && b == null) {
            builds.remove(tables);
        }
        return b;
    }

    private synchronized void remember(SystemModel tables, Analysis.Built b) {
        builds.put(tables, new SoftReference<>(b));
        Iterator<SoftReference<Analysis.Built>> oldestFirst = builds.values().iterator();
        while (builds.size() > capacity && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }
}
