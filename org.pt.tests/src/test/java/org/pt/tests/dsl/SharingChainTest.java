package org.pt.tests.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pt.dsl.tests.PtInjectorProvider;

/**
 * Spaces sharing the kernel half in a long chain: each inherits the strategy and the kernel tables of the one before,
 * and the last walks through tables built 3,000 spaces earlier.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(PtInjectorProvider.class)
class SharingChainTest extends SpecTestSupport {

    /** {@code n} spaces, each sharing with the one before; the first maps the kernel and all RAM. */
    private static String chain(int n) {
        StringBuilder s = new StringBuilder("""
                machine m {
                    format x86_64
                    ram 0x0 size 4 GiB
                    tables from 0x100_0000 size 512 MiB
                }
                layout l for m {
                    dm direct_map 0xffff_8880_0000_0000 size 64 TiB
                    k kernel 0xffff_ffff_8000_0000 size 512 MiB
                }
                space s0 uses l {
                    tables via direct-map dm
                    map k to 0x100_0000 size 2 MiB rx global
                    map all ram into dm rw nx global
                }
                """);
        for (int i = 1; i < n; i++) {
            s.append("space s").append(i).append(" uses l {\n    share kernel half with s").append(i - 1).append("\n}\n");
        }
        return s.append("space last uses l {\n    share kernel half with s").append(n - 1)
                .append("\n    walk 0xffff_ffff_8000_1234 expect 0x100_1234\n}\n").toString();
    }

    @Test
    void theLastOfThreeThousandSpacesWalksThroughTheFirstOnesKernelTables() throws Exception {
        List<String> issues = check(chain(3000));
        List<String> walks = issues.stream().filter(i -> i.contains(" pt.walk_result ")).toList();
        // the root of 'last' is frame 3003 of the pool: the first space's PML4, its PDPT and PD for the kernel and a
        // PDPT for the direct map (4 GiB in 1 GiB pages), then the roots of s1 .. s2999; the walk reads the first
        // space's PDPT and PD through the shared PML4[511]
        assertEquals(List.of("INFO pt.walk_result 9014:5 @166129+44 0xffff_ffff_8000_1234 -> 0x100_1234 (2 MiB page at PD, "
                + "k:r-x u:---, WB); CR3 0x1bb_b000: PML4[511]=0x1001027 PDPT[510]=0x1002027 PD[0]=0x10001e1"), walks);
        // nothing but the walk and the RAM each space exposes (capped): no error, no warning
        assertEquals(List.of(), issues.stream().filter(i -> i.startsWith("ERROR") || i.startsWith("WARNING")).toList());
    }
}
