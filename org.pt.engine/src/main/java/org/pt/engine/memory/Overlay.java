package org.pt.engine.memory;

import java.util.Arrays;

/**
 * A read-through view of memory in which a few entries hold other values: what a kernel would have written for the
 * length of one operation (a foreign slot loaded with another root, a window entry pointing at a table), seen by a
 * walk without writing the memory underneath, so that queries never change a built space and may run at once.
 * Not thread-safe itself: each query makes its own.
 */
public final class Overlay implements EntryReader {

    private final EntryReader base;
    private long[] pas = new long[2];
    private long[] values = new long[2];
    private int size;

    public Overlay(EntryReader base) {
        this.base = base;
    }

    /** Entry {@code pa} reads as {@code value} from now on. */
    public void set(long pa, long value) {
        for (int i = 0; i < size; i++) {
            if (pas[i] == pa) {
                values[i] = value;
                return;
            }
        }
        if (size == pas.length) {
            pas = Arrays.copyOf(pas, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        pas[size] = pa;
        values[size++] = value;
    }

    /** Entry {@code pa} reads from the memory underneath again. */
    public void clear(long pa) {
        for (int i = 0; i < size; i++) {
            if (pas[i] == pa) {
                size--;
                pas[i] = pas[size];
                values[i] = values[size];
                return;
            }
        }
    }

    @Override
    public long read(long pa) {
        for (int i = 0; i < size; i++) {
            if (pas[i] == pa) {
                return values[i];
            }
        }
        return base.read(pa);
    }
}
