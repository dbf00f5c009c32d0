package org.pt.engine.strategy;

/**
 * What one table access costs beyond the read itself.
 *
 * @param remaps          page-table entries the kernel writes to make the table visible (a window's PTE)
 * @param invalidations   TLB invalidations of single pages that follow ({@code INVLPG}, {@code TLBI VAE1}, ...)
 * @param invalidation    the instruction that invalidates one page on the architecture
 * @param shootdownCpus   other CPUs that must invalidate too (a window shared by every CPU), 0 when none
 */
public record AccessCost(int remaps, int invalidations, String invalidation, int shootdownCpus) {

    public static final AccessCost FREE = new AccessCost(0, 0, "", 0);

    public boolean isFree() {
        return remaps == 0 && invalidations == 0 && shootdownCpus == 0;
    }
}
