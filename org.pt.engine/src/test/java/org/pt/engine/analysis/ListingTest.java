package org.pt.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first N per key, then what was left out: counts and bytes per key, keys in the order first seen. */
class ListingTest {

    @Test
    void listsTheFirstNPerKeyAndCountsTheRestWithTheirBytes() {
        Listing<String> l = new Listing<>(2);
        String a = "a";
        String b = "b";
        List<Boolean> admitted = new ArrayList<>();
        admitted.add(l.admit(b, 10));
        admitted.add(l.admit(a, 1));
        admitted.add(l.admit(b, 20));
        admitted.add(l.admit(b, 30));
        admitted.add(l.admit(a, 2));
        admitted.add(l.admit(b, 40));
        assertEquals(List.of(true, true, true, false, true, false), admitted);
        assertEquals(2, l.listed(b));
        assertEquals(2, l.omitted(b));
        assertEquals(2, l.listed(a));
        assertEquals(0, l.omitted(a));
        List<String> summaries = new ArrayList<>();
        l.omitted((k, n, bytes) -> summaries.add(k + " " + n + " " + bytes));
        assertEquals(List.of("b 2 70"), summaries);
    }

    @Test
    void keysAreTheSameObjectNotEqualOnes() {
        Listing<String> l = new Listing<>(1);
        String one = new String("kernel");
        String other = new String("kernel");
        assertEquals(true, l.admit(one));
        assertEquals(true, l.admit(other));
        assertEquals(false, l.admit(one));
        List<String> summaries = new ArrayList<>();
        l.omitted((k, n, bytes) -> summaries.add((k == one) + " " + n + " " + bytes));
        assertEquals(List.of("true 1 0"), summaries);
    }

    @Test
    void aKeyNeverAdmittedListsNothing() {
        Listing<Object> l = new Listing<>(3);
        Object k = new Object();
        assertEquals(0, l.listed(k));
        assertEquals(0, l.omitted(k));
    }
}
