package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;
import org.pt.engine.core.Unsigned;

/** {@link Overlaps} against the pairwise definition, on ranges anywhere in the unsigned 64-bit space. */
class OverlapsTest {

    @Test
    void groupsEqualTheOnesCountedPairByPair() {
        Random random = new Random(12);
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(40);
            List<AddressRange> ranges = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // few distinct bounds, some at the top of the space, so that ties and 2^63 and above are common
                long start = bound(random);
                long last = bound(random);
                if (Unsigned.min(start, last) == 0 && Unsigned.max(start, last) == -1L) {
                    last = 0xfff; // no range covers all 2^64 addresses
                }
                ranges.add(AddressRange.inclusive(Unsigned.min(start, last), Unsigned.max(start, last)));
            }
            int named = 1 + random.nextInt(4);
            assertEquals(pairwise(ranges, named), Overlaps.of(ranges, named), ranges.toString());
        }
    }

    @Test
    void aRangeOverlappingNothingEarlierHasNoGroup() {
        List<AddressRange> ranges = List.of(AddressRange.inclusive(0x2000, 0x2fff), AddressRange.inclusive(0x1000, 0x1fff),
                AddressRange.inclusive(0x3000, 0x3fff), AddressRange.inclusive(0x1fff, 0x3000));
        assertEquals(List.of(new Overlaps.Group(3, 3, List.of(1, 0))), Overlaps.of(ranges, 2));
    }

    private static long bound(Random random) {
        long v = random.nextInt(16) * 0x1000L;
        return random.nextBoolean() ? v : -1L - v;
    }

    /** The definition: each earlier range overlapping, the first {@code named} by (start, index). */
    private static List<Overlaps.Group> pairwise(List<AddressRange> ranges, int named) {
        List<Overlaps.Group> out = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            List<Integer> earlier = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                if (ranges.get(j).overlaps(ranges.get(i))) {
                    earlier.add(j);
                }
            }
            earlier.sort((a, b) -> {
                int c = Long.compareUnsigned(ranges.get(a).start(), ranges.get(b).start());
                return c != 0 ? c : Integer.compare(a, b);
            });
            if (!earlier.isEmpty()) {
                out.add(new Overlaps.Group(i, earlier.size(), earlier.subList(0, Math.min(named, earlier.size()))));
            }
        }
        return out;
    }
}
