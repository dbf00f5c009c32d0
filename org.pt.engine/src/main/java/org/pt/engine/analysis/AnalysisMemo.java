package org.pt.engine.analysis;

import java.lang.ref.SoftReference;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>A model whose tables differ is built again, but only from the first space whose build can differ: the memo also
 * keeps the state of earlier builds after each of their spaces but the last ({@link Analysis.Prefix}, in build order,
 * known by the spaces built so far and the model's machines, layouts and spaces without their operations), and a
 * build starts from a fork of the longest such prefix it shares (the simulated memory forked copy-on-write, so no table
 * is copied). An edit of the last space built (or of a space nothing else is built after) rebuilds that space alone;
 * the checks across spaces (strategies verified, sharing, hazards) run again over all of them.
 *
 * <p>Bounded: the last {@code capacity} builds and the last {@code capacity} prefixes are kept, each held softly, so
 * that the garbage collector drops them before the heap runs short. A space of 64 GiB mapped with 4 KiB pages holds
 * about 129 MiB of tables; a prefix shares its frames with the build it was taken from.
 */
public final class AnalysisMemo {
    private final int capacity;
    private final Map<SystemModel, SoftReference<Analysis.Built>> builds = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Analysis.Prefix.Key, SoftReference<Analysis.Prefix>> prefixes = new LinkedHashMap<>(16, 0.75f,
            true);
    private final AtomicLong built = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private final Map<String, AtomicLong> spacesBuilt = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> spacesReused = new ConcurrentHashMap<>();

    private final Analysis.Prefixes held = new Analysis.Prefixes() {
        @Override
        public Optional<Analysis.Prefix> find(Analysis.Prefix.Key key) {
            return Optional.ofNullable(remembered(prefixes, key));
        }

        @Override
        public void keep(Analysis.Prefix.Key key, Analysis.Prefix state) {
            remember(prefixes, key, state);
        }

        @Override
        public void count(String name, boolean build) {
            (build ? spacesBuilt : spacesReused).computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
        }
    };

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
        Analysis.Built b = remembered(builds, tables);
        if (b == null) {
            b = Analysis.build(tables, held);
            built.incrementAndGet();
            remember(builds, tables, b);
        } else {
            reused.incrementAndGet();
        }
        return Analysis.complete(b, model);
    }

    /** How many times tables were built (a miss: some spaces, at least, were built) so far. */
    public long builds() {
        return built.get();
    }

    /** How many analyses reused remembered tables (a hit: no space was built) so far. */
    public long reuses() {
        return reused.get();
    }

    /** How many times space {@code name} was built so far (by a miss). */
    public long spaceBuilds(String name) {
        AtomicLong n = spacesBuilt.get(name);
        return n == null ? 0 : n.get();
    }

    /** How many times a miss took space {@code name} from a remembered prefix instead of building it. */
    public long spaceReuses(String name) {
        AtomicLong n = spacesReused.get(name);
        return n == null ? 0 : n.get();
    }

    /** The prefixes held now, oldest first (for tests). */
    synchronized java.util.List<Analysis.Prefix> prefixes() {
        java.util.List<Analysis.Prefix> out = new java.util.ArrayList<>();
        for (SoftReference<Analysis.Prefix> ref : prefixes.values()) {
            Analysis.Prefix p = ref.get();
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private synchronized <K, V> V remembered(Map<K, SoftReference<V>> memo, K key) {
        SoftReference<V> ref = memo.get(key);
        V v = ref == null ? null : ref.get();
        if (ref != null && v == null) {
            memo.remove(key);
        }
        return v;
    }

    private synchronized <K, V> void remember(Map<K, SoftReference<V>> memo, K key, V value) {
        memo.put(key, new SoftReference<>(value));
        Iterator<SoftReference<V>> oldestFirst = memo.values().iterator();
        while (memo.size() > capacity && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }
}
