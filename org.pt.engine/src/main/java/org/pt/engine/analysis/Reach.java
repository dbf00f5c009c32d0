package org.pt.engine.analysis;

import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.model.Query;
import org.pt.engine.strategy.Recursive;
import org.pt.engine.strategy.SoftwareWalk;
import org.pt.engine.strategy.TableAccess;

/**
 * The answer to {@code reach VA from KERNEL}: how the kernel space reaches, under its strategy, the entries that
 * translate the VA in the target space, by the kernel's {@link SoftwareWalk}; or why no walk can run. A recursive slot
 * without a foreign slot reaches only its own root's tables, and a foreign slot in use stops the walk: both carry the
 * free top-level slot a quick fix can use.
 */
final class Reach {

    private Reach() {
    }

    static Answer.Reach answer(BuiltSpace b, Query.Reach q, Map<String, BuiltSpace> all) {
        return new Answer.Reach(b.name(), q.fromSpace(), q.va(), outcome(b, q.va(), all.get(q.fromSpace())));
    }

    private static Answer.Reached outcome(BuiltSpace b, long va, BuiltSpace from) {
        if (from == null) {
            return new Answer.Reached.NoSuchSpace();
        }
        if (from.space().simulation() != b.space().simulation()) {
            return new Answer.Reached.OtherMachine(from.spec().layout().machine().name(), b.spec().layout().machine().name());
        }
        StrategyResolution r = from.strategy();
        if (r instanceof StrategyResolution.None) {
            return new Answer.Reached.NoStrategy();
        }
        if (!(r instanceof StrategyResolution.Resolved resolved)) {
            return new Answer.Reached.StrategyUnusable();
        }
        TableAccess access = resolved.access();
        PagingFormat f = b.space().simulation().format();
        Half h = f.halfOf(va);
        if (h == null) {
            return new Answer.Reached.Untranslatable(f.untranslatableReason(va));
        }
        if (access instanceof Recursive rec && rec.foreignSlot().isEmpty()
                && from.space().root(rec.half().index()) != b.space().root(h.index())) {
            OptionalInt free = rec.isPaeDirectories() ? OptionalInt.empty()
                    : Slots.free(from.spec(), rec.half(), Set.of(rec.slot()), from.space());
            return new Answer.Reached.OnlyOwnTables(rec, h.rootRegister(), b.space().root(h.index()), free);
        }
        SoftwareWalk.Result res = SoftwareWalk.run(from.space(), access, b.space(), va);
        OptionalInt free = OptionalInt.empty();
        boolean slotInUse = res.failed().flatMap(SoftwareWalk.Step::failure)
                .filter(l -> l instanceof SoftwareWalk.Landing.SlotInUse).isPresent();
        if (slotInUse && access instanceof Recursive rec) {
            Set<Integer> taken = new HashSet<>(Set.of(rec.slot(), rec.foreignSlot().getAsInt()));
            free = Slots.free(from.spec(), rec.half(), taken, from.space());
        }
        return new Answer.Reached.Walked(access, res, free);
    }
}
