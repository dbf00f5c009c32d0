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
 * <p>Bounded: the last {@code capacity} builds and the last {@code capacity} prefixes are kept, and no more of them
 * (least recently used first out) than take a third of the heap's maximum in table frames together
 * ({@link org.pt.engine.memory.PhysicalMemory#heldBytes}: a prefix's frames counted as its own, although it shares
 * them with the build it was taken from). Each is held softly, so that the garbage collector may drop them before the
 * heap runs short, but a soft reference goes only after full collections: the weight bound keeps old builds from
 * filling the heap first. A space of 64 GiB mapped with 4 KiB pages has about 129 MiB of tables, but its page tables
 * written whole by one run each take no frame, so its build weighs a few hundred KiB; one mapped page by page weighs
 * its 129 MiB (the language server runs in 1 GiB).
 */
public final class AnalysisMemo {
    private final int capacity;
    private final long maxTableBytes;
    private final Map<SystemModel, Held<Analysis.Built>> builds = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Analysis.Prefix.Key, Held<Analysis.Prefix>> prefixes = new LinkedHashMap<>(16, 0.75f, true);
    /** Every build and prefix held, least recently used first: what goes first when the tables weigh too much. */
    private final Map<Object, Long> weights = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;
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
            remember(prefixes, key, state, state.tableBytes());
        }

        @Override
        public void count(String name, boolean build) {
            (build ? spacesBuilt : spacesReused).computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public int kept() {
            return capacity;
        }
    };

    /** A build or prefix held softly, with the bytes of its tables. */
    private record Held<V>(SoftReference<V> ref, long tableBytes) {
    }

    /** Keeps the last {@code capacity} builds (at least one) and prefixes, up to a third of the heap's maximum. */
    public AnalysisMemo(int capacity) {
        this(capacity, Runtime.getRuntime().maxMemory() / 3);
    }

    /**
     * Keeps the last {@code capacity} builds (at least one) and prefixes, no more than {@code maxTableBytes} of tables
     * together (the last one kept whatever it weighs).
     */
    public AnalysisMemo(int capacity, long maxTableBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the memo keeps at least one build, not " + capacity);
        }
        this.capacity = capacity;
        this.maxTableBytes = maxTableBytes;
    }

    /** What {@link Analysis#run} returns for {@code model}, from a remembered build of its tables when there is one. */
    public AnalysisResult run(SystemModel model) {
        SystemModel tables = Analysis.tablesOf(model);
        Analysis.Built b = remembered(builds, tables);
        if (b == null) {
            b = Analysis.build(tables, held);
            built.incrementAndGet();
            if (!b.failed) {
                remember(builds, tables, b, b.tableBytes());
            }
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

    /** The prefixes held now, least recently used first (for tests). */
    synchronized java.util.List<Analysis.Prefix> prefixes() {
        java.util.List<Analysis.Prefix> out = new java.util.ArrayList<>();
        for (Held<Analysis.Prefix> h : prefixes.values()) {
            Analysis.Prefix p = h.ref().get();
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** The bytes of table frames of the builds and prefixes held now. */
    public synchronized long tableBytesHeld() {
        return weight;
    }

    private synchronized <K, V> V remembered(Map<K, Held<V>> memo, K key) {
        Held<V> h = memo.get(key);
        V v = h == null ? null : h.ref().get();
        if (h != null && v == null) {
            forget(memo, key);
        } else if (v != null) {
            weights.get(key); // most recently used
        }
        return v;
    }

    private synchronized <K, V> void remember(Map<K, Held<V>> memo, K key, V value, long tableBytes) {
        forget(memo, key);
        memo.put(key, new Held<>(new SoftReference<>(value), tableBytes));
        weights.put(key, tableBytes);
        weight += tableBytes;
        Iterator<K> oldestFirst = memo.keySet().iterator();
        while (memo.size() > capacity && oldestFirst.hasNext()) {
            K old = oldestFirst.next();
            oldestFirst.remove();
            weight -= weights.remove(old);
        }
        Iterator<Map.Entry<Object, Long>> lightest = weights.entrySet().iterator();
        while (weight > maxTableBytes && weights.size() > 1 && lightest.hasNext()) {
            Map.Entry<Object, Long> old = lightest.next();
            if (old.getKey() != key) {
                lightest.remove();
                weight -= old.getValue();
                builds.remove(old.getKey());
                prefixes.remove(old.getKey());
            }
        }
    }

    private <K, V> void forget(Map<K, Held<V>> memo, K key) {
        if (memo.remove(key) != null) {
            weight -= weights.remove(key);
        }
    }
}
