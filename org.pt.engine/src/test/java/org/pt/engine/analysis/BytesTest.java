package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pt.engine.core.AddressRange;

/** {@link Hazards.Bytes} against the sum of the intersections, range by range. */
class BytesTest {

    @Test
    void bytesInARangeEqualTheSumOfItsIntersections() {
        Random random = new Random(9);
        for (int round = 0; round < 300; round++) {
            List<AddressRange> ranges = new ArrayList<>();
            for (int i = 0; i < random.nextInt(8); i++) {
                long start = random.nextInt(64) * 0x1000L - (random.nextBoolean() ? 0 : 0x40_0000L);
                ranges.add(AddressRange.ofSize(start, (1 + random.nextInt(4)) * 0x1000L));
            }
            List<AddressRange> disjoint = LayoutChecks.union(ranges);
            Hazards.Bytes bytes = new Hazards.Bytes(disjoint);
            long from = random.nextInt(80) * 0x800L - (random.nextBoolean() ? 0 : 0x40_0000L);
            AddressRange probe = AddressRange.ofSize(from, 1 + random.nextInt(0x10000));
            long expected = 0;
            for (AddressRange r : disjoint) {
                expected += r.intersection(probe).map(AddressRange::size).orElse(0L);
            }
            assertEquals(expected, bytes.in(probe), disjoint + " in " + probe);
        }
    }
}
