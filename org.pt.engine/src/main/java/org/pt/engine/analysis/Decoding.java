package org.pt.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pt.engine.core.Unsigned;
import org.pt.engine.format.Geometry;
import org.pt.engine.format.Half;
import org.pt.engine.format.PagingFormat;
import org.pt.engine.image.RegisterDecoder;
import org.pt.engine.model.Query;
import org.pt.engine.walk.Translation;

/**
 * The answer to {@code decode}: a raw entry read with the format's own codec and walk ({@link PagingFormat#decode},
 * {@link PagingFormat#walkEntry}), a register with {@link RegisterDecoder}; the level or register looked up by the
 * name the spec wrote, and a value wider than what it decodes refused.
 */
final class Decoding {

    private Decoding() {
    }

    static Answer.Decode answer(PagingFormat f, Query.Decode q) {
        Answer.Decoded d = q.level().isPresent() ? entry(f, q.level().get(), q.value())
                : register(f, q.register().orElseThrow(), q.value());
        return new Answer.Decode(f.name(), q.value(), d);
    }

    /** {@code value} as an entry of the level named {@code name} (any case), in the first half that has the level. */
    static Answer.Decoded entry(PagingFormat f, String name, long value) {
        List<String> levels = new ArrayList<>();
        Half half = null;
        int depth = -1;
        for (Half h : f.halves()) {
            Geometry g = h.geometry();
            for (int d = 0; d < g.depth(); d++) {
                String n = g.level(d).name();
                if (!levels.contains(n)) {
                    levels.add(n);
                }
                if (half == null && n.equalsIgnoreCase(name)) {
                    half = h;
                    depth = d;
                }
            }
        }
        if (half == null) {
            return new Answer.Decoded.UnknownLevel(name, levels);
        }
        Geometry.Level level = half.geometry().level(depth);
        int bits = f.entryBytes() * 8;
        if (!Unsigned.fitsBits(value, bits)) {
            return new Answer.Decoded.TooWide(Messages.article(level.name()) + " " + level.name() + " entry of "
                    + f.name(), bits);
        }
        int arch = level.archLevel();
        Translation t = f.walkEntry(half, depth, value);
        Optional<Answer.Malformed> malformed = t instanceof Translation.Faulted x && x.fault().level().equals(level.name())
                ? Optional.of(new Answer.Malformed(f.reservedBits(value, arch), x.fault().detail()))
                : f.reservedEncoding(value, arch).map(r -> new Answer.Malformed(0, r));
        return new Answer.Decoded.Entry(level.name(), f.decode(value, arch), t, malformed);
    }

    /** {@code value} as register {@code name} (any case) of {@code f}. */
    static Answer.Decoded register(PagingFormat f, String name, long value) {
        Optional<String> canonical = RegisterDecoder.canonical(f, name);
        if (canonical.isEmpty()) {
            return new Answer.Decoded.NoSuchRegister(name, RegisterDecoder.familiesWith(name),
                    RegisterDecoder.formatsWith(name), RegisterDecoder.names(f));
        }
        int bits = RegisterDecoder.width(f, canonical.get());
        if (!Unsigned.fitsBits(value, bits)) {
            return new Answer.Decoded.TooWide(canonical.get() + " on " + f.name(), bits);
        }
        RegisterDecoder.Decoded d = RegisterDecoder.decode(f, canonical.get(), value);
        return new Answer.Decoded.Register(d.register(), d.problems());
    }
}
